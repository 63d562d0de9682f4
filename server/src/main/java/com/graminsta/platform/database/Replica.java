package com.graminsta.platform.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read replica: its connection pool and what the last health check found. It is in the
 * rotation while it answers, is still replaying the primary's log, and is at most the allowed lag
 * behind; a failed connection takes it out at once, and the next good check brings it back.
 */
final class Replica implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Replica.class);

    private record State(boolean online, Lsn replayed, Duration lag, String problem) {
    }

    private final String name;
    private final HikariDataSource pool;
    private static final State UNCHECKED = new State(false, Lsn.ZERO, Duration.ZERO, "not checked yet");

    private volatile State state = UNCHECKED;
    private CompletableFuture<Void> check = CompletableFuture.completedFuture(null);
    private long checkStarted;

    Replica(String name, HikariDataSource pool) {
        this.name = name;
        this.pool = pool;
    }

    String name() {
        return name;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    boolean online() {
        return state.online();
    }

    /** In the rotation and has replayed at least {@code lsn}. */
    boolean serves(Lsn lsn) {
        State now = state;
        return now.online() && now.replayed().reached(lsn);
    }

    Duration lag() {
        return state.lag();
    }

    /**
     * Starts a check unless the last one is still waiting for an answer; a replica that has not
     * answered for {@code timeout} is taken out (a stopped or cut-off server answers nothing).
     */
    synchronized void check(PrimaryPositions primary, Duration maxLag, Duration timeout) {
        if (!check.isDone()) {
            if (System.nanoTime() - checkStarted > timeout.toNanos()) {
                update(new State(false, state.replayed(), state.lag(), "no answer to a health check for " + timeout.toMillis() + " ms"));
            }
            return;
        }
        checkStarted = System.nanoTime();
        check = CompletableFuture.runAsync(() -> update(checkNow(primary, maxLag)), Thread.ofVirtual()::start);
    }

    private State checkNow(PrimaryPositions primary, Duration maxLag) {
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()")) {
            row.next();
            if (!row.getBoolean(1)) {
                // Promoted: it no longer follows the primary, so what it shows grows stale.
                return new State(false, Lsn.ZERO, Duration.ZERO, "not a replica (promoted?)");
            }
            Lsn replayed = Lsn.parse(row.getString(2));
            Duration lag = primary.lag(replayed, System.nanoTime());
            boolean online = lag.compareTo(maxLag) <= 0;
            return new State(online, replayed, lag, online ? null : "lags " + lag.toMillis() + " ms, more than " + maxLag.toMillis() + " ms");
        } catch (SQLException | RuntimeException e) {
            return new State(false, state.replayed(), state.lag(), "health check failed: " + e.getMessage());
        }
    }

    /** A connection to it failed: out of the rotation until a health check finds it well. */
    void failed(Throwable cause) {
        update(new State(false, state.replayed(), state.lag(), "a connection failed: " + cause.getMessage()));
    }

    private synchronized void update(State next) {
        State previous = state;
        state = next;
        if (!next.online() && (previous.online() || previous == UNCHECKED)) {
            log.warn("Read replica {} is out of the rotation: {}", name, next.problem());
        } else if (!previous.online() && next.online()) {
            log.info("Read replica {} is in the rotation (lag {} ms)", name, next.lag().toMillis());
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
