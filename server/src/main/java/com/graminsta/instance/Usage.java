package com.graminsta.instance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How much the server is used, as NodeInfo and the instance endpoints report it. Counted at most
 * once per {@link #MAX_AGE} per instance and kept in memory, so documents anyone may fetch as often
 * as they like cost the database nothing per request; a stale count is served while one request
 * counts again.
 */
@Component
class Usage {

    static final Duration MAX_AGE = Duration.ofMinutes(10);

    /**
     * @param users accounts with a sign-in
     * @param activeMonth people who signed in (were issued a token) or posted in the last 30 days
     * @param activeHalfyear the same over 180 days
     * @param localPosts posts (statuses that are not comments)
     * @param localComments comments (replies)
     */
    record Counts(long users, long activeMonth, long activeHalfyear, long localPosts, long localComments) {
    }

    private record Snapshot(Counts counts, Instant takenAt) {
    }

    private final Supplier<Counts> counter;
    private final Clock clock;
    private final ReentrantLock counting = new ReentrantLock();
    private volatile Snapshot snapshot;

    @Autowired
    Usage(JdbcClient jdbc) {
        this(() -> count(jdbc), Clock.systemUTC());
    }

    Usage(Supplier<Counts> counter, Clock clock) {
        this.counter = counter;
        this.clock = clock;
    }

    Counts counts() {
        Snapshot current = snapshot;
        if (current != null && !isStale(current)) {
            return current.counts();
        }
        if (current != null && !counting.tryLock()) {
            return current.counts();
        }
        if (current == null) {
            counting.lock();
        }
        try {
            current = snapshot;
            if (current == null || isStale(current)) {
                current = new Snapshot(counter.get(), clock.instant());
                snapshot = current;
            }
            return current.counts();
        } finally {
            counting.unlock();
        }
    }

    private boolean isStale(Snapshot snapshot) {
        return !snapshot.takenAt().plus(MAX_AGE).isAfter(clock.instant());
    }

    /** Counts now, in the database. */
    static Counts count(JdbcClient jdbc) {
        return jdbc.sql("""
                        WITH active AS (
                            SELECT account_id, max(at) AS at FROM (
                                SELECT account_id, created_at AS at FROM oauth_access_tokens
                                WHERE account_id IS NOT NULL AND created_at > now() - interval '180 days'
                                UNION ALL
                                SELECT id, last_status_at FROM accounts WHERE last_status_at > now() - interval '180 days'
                            ) events GROUP BY account_id)
                        SELECT
                            (SELECT count(*) FROM users) AS users,
                            (SELECT count(*) FROM active WHERE at > now() - interval '30 days') AS active_month,
                            (SELECT count(*) FROM active) AS active_halfyear,
                            (SELECT count(*) FROM statuses WHERE in_reply_to_id IS NULL) AS local_posts,
                            (SELECT count(*) FROM statuses WHERE in_reply_to_id IS NOT NULL) AS local_comments""")
                .query((rs, row) -> new Counts(rs.getLong("users"), rs.getLong("active_month"), rs.getLong("active_halfyear"),
                        rs.getLong("local_posts"), rs.getLong("local_comments")))
                .single();
    }
}
