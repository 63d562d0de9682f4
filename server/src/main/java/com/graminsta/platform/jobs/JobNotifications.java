package com.graminsta.platform.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.graminsta.platform.Roles;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Wakes this process's idle workers when any process enqueues a job. A connection of its own
 * LISTENs on the channel that the jobs table's trigger notifies when an enqueuing transaction
 * commits (migration V15), so a photo posted on an API instance is processed at once on a worker
 * elsewhere instead of at the worker's next poll. The poll stays, less often, for what no insert
 * announces: a retry that came due, a job handed back by a stopping worker or left by a dead one.
 *
 * <p>The connection is taken from the primary's pool and held while the worker runs, and stops
 * listening before it goes back. When it breaks (a restart, a failover) another is taken, and the
 * workers look for jobs once, in case one was enqueued while nobody listened.
 */
@Component
class JobNotifications implements SmartLifecycle {

    static final String CHANNEL = "graminsta_jobs";

    private static final Logger log = LoggerFactory.getLogger(JobNotifications.class);
    /** How long one wait for notifications lasts: how soon a stop is noticed. */
    private static final Duration WAIT = Duration.ofSeconds(1);
    /** How often the held connection is checked, as a silent network would not say it broke. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(30);
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final JobSignal signal;
    private final WorkerSettings settings;
    private final Roles roles;

    private volatile boolean active;
    private Thread listener;

    JobNotifications(DataSource dataSource, JobSignal signal, WorkerSettings settings, Roles roles) {
        this.dataSource = dataSource;
        this.signal = signal;
        this.settings = settings;
        this.roles = roles;
    }

    /** Only a process that runs jobs listens (decided at start, as JobWorker's role is). */
    @Override
    public boolean isAutoStartup() {
        return settings.runsJobs(roles);
    }

    @Override
    public synchronized void start() {
        if (active) {
            return;
        }
        active = true;
        listener = Thread.ofPlatform().name("job-notifications").daemon(true).start(this::listen);
    }

    @Override
    public synchronized void stop() {
        if (!active) {
            return;
        }
        active = false;
        try {
            listener.join(WAIT.multipliedBy(3).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    private void listen() {
        while (active) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                signal.wake();
                try {
                    relayUntilBroken(connection);
                } finally {
                    unlisten(connection);
                }
            } catch (SQLException | RuntimeException e) {
                if (active) {
                    log.warn("Not listening for new jobs ({}); workers find them by polling until this is back", e.toString());
                    pause(RECONNECT_AFTER);
                }
            }
        }
    }

    private void relayUntilBroken(Connection connection) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        long nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
        while (active) {
            PGNotification[] received = postgres.getNotifications((int) WAIT.toMillis());
            if (received != null && received.length > 0) {
                signal.wake();
            }
            if (System.nanoTime() - nextCheck > 0) {
                if (!connection.isValid((int) WAIT.toSeconds())) {
                    throw new SQLException("the connection listening for new jobs stopped answering");
                }
                nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
            }
        }
    }

    /** A pooled connection that still listened would gather every later notification unread. */
    private static void unlisten(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
        } catch (SQLException e) {
            // Broken: the pool drops it, and its LISTEN with it.
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
