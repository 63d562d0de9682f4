package com.graminsta.platform.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code jobs} table. All times come from the database's clock, so workers on machines whose
 * clocks disagree still agree on when a lease has run out.
 */
@Repository
class JobQueue {

    private final JdbcClient jdbc;

    JobQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a job in the caller's transaction, if there is one; null runAt means now. */
    long enqueue(String type, String payloadJson, Instant runAt) {
        return jdbc.sql("""
                        INSERT INTO jobs (type, payload, run_at)
                        VALUES (:type, CAST(:payload AS jsonb), coalesce(CAST(:runAt AS timestamptz), now()))
                        RETURNING id""")
                .param("type", type)
                .param("payload", payloadJson)
                .param("runAt", runAt == null ? null : java.sql.Timestamp.from(runAt))
                .query(Long.class)
                .single();
    }

    /**
     * Claims up to {@code limit} due jobs of the given types. SKIP LOCKED lets many workers claim
     * at once without waiting on each other or taking the same row; the claim commits at once,
     * and the job then belongs to this worker until {@code run_at}, the end of the lease.
     */
    List<ClaimedJob> claim(String worker, Collection<String> types, int limit, Duration lease) {
        return jdbc.sql("""
                        WITH due AS MATERIALIZED (
                            SELECT id FROM jobs
                            WHERE state = 'queued' AND run_at <= now() AND type IN (:types)
                            ORDER BY run_at
                            LIMIT :limit
                            FOR UPDATE SKIP LOCKED)
                        UPDATE jobs SET attempts = jobs.attempts + 1, locked_by = :worker,
                                        run_at = now() + make_interval(secs => :lease)
                        FROM due
                        WHERE jobs.id = due.id
                        RETURNING jobs.id, jobs.type, jobs.payload::text AS payload, jobs.attempts""")
                .param("types", types)
                .param("limit", limit)
                .param("worker", worker)
                .param("lease", seconds(lease))
                .query((rs, row) -> new ClaimedJob(rs.getLong("id"), rs.getString("type"), rs.getString("payload"),
                        rs.getInt("attempts")))
                .list();
    }

    /** Extends the lease; false when the job is no longer this claim's (its lease ran out and it was taken). */
    boolean heartbeat(String worker, ClaimedJob job, Duration lease) {
        return jdbc.sql("""
                        UPDATE jobs SET run_at = now() + make_interval(secs => :lease)
                        WHERE id = :id AND attempts = :attempt AND locked_by = :worker AND state = 'queued'""")
                .param("lease", seconds(lease))
                .param("id", job.id())
                .param("attempt", job.attempt())
                .param("worker", worker)
                .update() == 1;
    }

    boolean complete(String worker, ClaimedJob job) {
        return jdbc.sql("DELETE FROM jobs WHERE id = :id AND attempts = :attempt AND locked_by = :worker")
                .param("id", job.id())
                .param("attempt", job.attempt())
                .param("worker", worker)
                .update() == 1;
    }

    boolean retryLater(String worker, ClaimedJob job, Duration wait, String error) {
        return jdbc.sql("""
                        UPDATE jobs SET run_at = now() + make_interval(secs => :wait), locked_by = NULL, last_error = :error
                        WHERE id = :id AND attempts = :attempt AND locked_by = :worker""")
                .param("wait", seconds(wait))
                .param("error", error)
                .param("id", job.id())
                .param("attempt", job.attempt())
                .param("worker", worker)
                .update() == 1;
    }

    /**
     * Puts the job back to wait out an outage ({@link TransientFailure}), without counting the
     * attempt. The wait is as long as the job has existed, from {@code minWait} to {@code maxWait},
     * so it doubles from one try to the next without a counter of its own.
     */
    boolean postpone(String worker, ClaimedJob job, Duration minWait, Duration maxWait, String error) {
        return jdbc.sql("""
                        UPDATE jobs SET attempts = attempts - 1, locked_by = NULL, last_error = :error,
                            run_at = now() + least(greatest(now() - created_at, make_interval(secs => :minWait)),
                                                   make_interval(secs => :maxWait))
                        WHERE id = :id AND attempts = :attempt AND locked_by = :worker""")
                .param("error", error)
                .param("minWait", seconds(minWait))
                .param("maxWait", seconds(maxWait))
                .param("id", job.id())
                .param("attempt", job.attempt())
                .param("worker", worker)
                .update() == 1;
    }

    /** Gives the job back untouched, as if this attempt had not happened: the worker is stopping. */
    boolean release(String worker, ClaimedJob job) {
        return jdbc.sql("""
                        UPDATE jobs SET run_at = now(), attempts = attempts - 1, locked_by = NULL
                        WHERE id = :id AND attempts = :attempt AND locked_by = :worker""")
                .param("id", job.id())
                .param("attempt", job.attempt())
                .param("worker", worker)
                .update() == 1;
    }

    boolean bury(String worker, ClaimedJob job, String error) {
        return jdbc.sql("""
                        UPDATE jobs SET state = 'dead', locked_by = NULL, last_error = :error
                        WHERE id = :id AND attempts = :attempt AND locked_by = :worker""")
                .param("error", error)
                .param("id", job.id())
                .param("attempt", job.attempt())
                .param("worker", worker)
                .update() == 1;
    }

    /**
     * The queue per type, for its metrics, in one query: jobs queued (waiting, running or due
     * later), those whose time has come that no worker holds (a claimed job's {@code run_at} is
     * the end of its lease, in the future), and how long the oldest of those has waited.
     */
    List<TypeStats> stats() {
        return jdbc.sql("""
                        SELECT type, count(*) AS queued,
                               count(*) FILTER (WHERE run_at <= now()) AS waiting,
                               coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE run_at <= now())), 0) AS oldest
                        FROM jobs WHERE state = 'queued'
                        GROUP BY type""")
                .query((rs, row) -> new TypeStats(rs.getString("type"), rs.getLong("queued"), rs.getLong("waiting"),
                        rs.getDouble("oldest")))
                .list();
    }

    /** One type's line of {@link #stats}; {@code oldestWaitingSeconds} is 0 when none waits. */
    record TypeStats(String type, long queued, long waiting, double oldestWaitingSeconds) {
    }

    /**
     * Moves a schedule forward if it is due and says whether this caller did so; only one of
     * many concurrent callers can, because the update takes the row's lock. A schedule seen for
     * the first time is due at once. One statement, as every worker asks every few seconds.
     */
    boolean takeScheduledRun(String name, Duration interval) {
        return jdbc.sql("""
                        INSERT INTO job_schedules (name, next_run_at)
                        VALUES (:name, now() + make_interval(secs => :interval))
                        ON CONFLICT (name) DO UPDATE SET next_run_at = EXCLUDED.next_run_at
                        WHERE job_schedules.next_run_at <= now()""")
                .param("name", name)
                .param("interval", seconds(interval))
                .update() == 1;
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
