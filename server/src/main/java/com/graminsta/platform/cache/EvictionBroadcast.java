package com.graminsta.platform.cache;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Evictions of in-process caches, sent to every instance through PostgreSQL's LISTEN/NOTIFY. The
 * writer announces a key with {@code pg_notify} inside its own transaction; PostgreSQL delivers
 * the notification to every listening session when that transaction commits, and never if it
 * rolls back. Each instance keeps one connection listening and drops the keys it hears of. While
 * that connection is down, notifications are lost, so the caches are cleared each time it
 * (re)connects.
 */
final class EvictionBroadcast {

    static final String CHANNEL = "graminsta_cache_evictions";
    private static final int WAIT_MILLIS = 500;
    private static final int CHECK_EVERY_WAITS = 20;
    private static final Logger log = LoggerFactory.getLogger(EvictionBroadcast.class);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final Consumer<String> onEviction;
    private final Runnable onMissed;
    private volatile boolean running;
    private Thread listener;

    /**
     * @param onEviction drops one key, as announced by any instance (this one included)
     * @param onMissed drops everything, when announcements may have been missed
     */
    EvictionBroadcast(DataSource dataSource, JdbcClient jdbc, Consumer<String> onEviction, Runnable onMissed) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.onEviction = onEviction;
        this.onMissed = onMissed;
    }

    /** Sent with the caller's transaction, if there is one. */
    void announce(String key) {
        jdbc.sql("SELECT pg_notify(:channel, :key)").param("channel", CHANNEL).param("key", key).query().singleRow();
    }

    synchronized void start() {
        if (!running) {
            running = true;
            listener = Thread.ofPlatform().daemon().name("cache-evictions").start(this::listen);
        }
    }

    synchronized void stop() {
        running = false;
        if (listener != null) {
            try {
                listener.join(2 * WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean running() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                onMissed.run();
                PGConnection postgres = connection.unwrap(PGConnection.class);
                for (int waits = 1; running; waits++) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            onEviction.accept(notification.getParameter());
                        }
                    }
                    // A connection cut without a word (a dead peer) only shows when it is used.
                    if (waits % CHECK_EVERY_WAITS == 0 && !connection.isValid(1)) {
                        throw new SQLException("the listening connection is no longer valid");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Cache evictions from other instances are not heard ({}); retrying in a second", e.getMessage());
                    onMissed.run();
                    pause();
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            running = false;
        }
    }
}
