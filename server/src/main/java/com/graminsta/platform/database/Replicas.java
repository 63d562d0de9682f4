package com.graminsta.platform.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read replicas and their health checks. Every check interval it notes where the primary's
 * log is, then asks each replica how far it has replayed; a replica further behind than the
 * allowed lag, or not answering, is out of the rotation until a check finds it well again.
 */
final class Replicas implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Replicas.class);

    private final List<Replica> replicas;
    private final DataSource primary;
    private final Duration maxLag;
    private final Duration interval;
    /** A busy machine may take a while to answer; a dead or stopped replica never does. */
    private final Duration checkTimeout;
    private final PrimaryPositions positions;
    private final AtomicInteger next = new AtomicInteger();
    /** When a health check last had the primary's position: nanoTime, or 0 before the first. */
    private volatile long primaryAnsweredAt;
    private ScheduledExecutorService checks;

    Replicas(List<Replica> replicas, DataSource primary, Duration maxLag, Duration interval, MeterRegistry meters) {
        this.replicas = List.copyOf(replicas);
        this.primary = primary;
        this.maxLag = maxLag;
        this.interval = interval;
        this.checkTimeout = interval.compareTo(Duration.ofSeconds(2)) > 0 ? interval : Duration.ofSeconds(2);
        // Remember well past the allowed lag, so that a replica just beyond it reads as beyond.
        this.positions = new PrimaryPositions(maxLag.multipliedBy(2).plus(interval.multipliedBy(2)));
        for (Replica replica : this.replicas) {
            Gauge.builder("graminsta.database.replica.lag", replica, r -> r.lag().toNanos() / 1e9)
                    .description("How long ago the primary was where this replica is now, at the last health check")
                    .baseUnit("seconds").tag("replica", replica.name()).register(meters);
            Gauge.builder("graminsta.database.replica.online", replica, r -> r.online() ? 1 : 0)
                    .description("1 while the replica serves reads")
                    .tag("replica", replica.name()).register(meters);
        }
    }

    boolean any() {
        return !replicas.isEmpty();
    }

    /** A replica in the rotation that has replayed {@code lsn}, taken in turn; none if no replica has. */
    Optional<Replica> pick(Lsn lsn) {
        int start = Math.floorMod(next.getAndIncrement(), Math.max(1, replicas.size()));
        for (int i = 0; i < replicas.size(); i++) {
            Replica replica = replicas.get((start + i) % replicas.size());
            if (replica.serves(lsn)) {
                return Optional.of(replica);
            }
        }
        return Optional.empty();
    }

    void start() {
        if (replicas.isEmpty()) {
            return;
        }
        checks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("replica-health").daemon().factory());
        checks.scheduleWithFixedDelay(this::checkAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void checkAll() {
        try {
            positions.record(System.nanoTime(), primaryPosition());
            primaryAnsweredAt = System.nanoTime();
        } catch (SQLException | RuntimeException e) {
            // Without the primary's position no lag can be told; keep the last verdicts.
            log.debug("Could not read the primary's log position", e);
            return;
        }
        for (Replica replica : replicas) {
            replica.check(positions, maxLag, checkTimeout);
        }
    }

    /**
     * False once the primary has not answered a health check for a check interval and the check's
     * timeout: it is down, or a failover is under way (the check waits for a connection to the
     * new one). True before the first check.
     */
    boolean primaryAnswering() {
        long answered = primaryAnsweredAt;
        return answered == 0 || System.nanoTime() - answered < interval.plus(checkTimeout).toNanos();
    }

    private Lsn primaryPosition() throws SQLException {
        try (Connection connection = primary.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_current_wal_lsn()")) {
            row.next();
            return Lsn.parse(row.getString(1));
        }
    }

    @Override
    public void close() {
        if (checks != null) {
            checks.shutdownNow();
        }
        replicas.forEach(Replica::close);
    }
}
