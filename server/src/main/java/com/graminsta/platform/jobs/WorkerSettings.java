package com.graminsta.platform.jobs;

import java.time.Duration;

import com.graminsta.platform.Roles;
import com.graminsta.platform.Roles.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker role: whether this process runs jobs, and how. Every process can enqueue; only
 * workers run. A process runs jobs when it has the worker role ({@code GRAMINSTA_ROLES}); the
 * older switch, {@code GRAMINSTA_WORKER_ENABLED=false}, still turns the role off.
 *
 * @param enabled false turns the worker role off whatever the roles say
 * @param concurrency jobs run at once by this process; image work is CPU-bound, so about the cores
 * @param pollInterval how often an idle worker looks for jobs that nothing announced: a retry that
 *        came due, a job handed back or left by another worker (new jobs wake it at once,
 *        {@link JobNotifications})
 * @param lease how long a claim lasts without a heartbeat before another worker may take the job
 * @param retryBackoff the wait after a first failure, doubled after each further one (at most an hour)
 * @param drainTimeout how long a stopping worker lets running jobs finish before interrupting them
 */
@ConfigurationProperties("graminsta.worker")
public record WorkerSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2") int concurrency,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("10s") Duration retryBackoff,
        @DefaultValue("20s") Duration drainTimeout) {

    public WorkerSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("graminsta.worker.concurrency must be at least 1");
        }
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("graminsta.worker.lease must be at least 1s");
        }
    }

    /** Whether this process runs jobs: it has the worker role, and the older switch does not say otherwise. */
    public boolean runsJobs(Roles roles) {
        return enabled && roles.has(Role.WORKER);
    }

    /** Heartbeats come three times per lease, so one late heartbeat does not lose the job. */
    Duration heartbeatInterval() {
        return lease.dividedBy(3);
    }

    Duration backoff(int attempt) {
        Duration wait = retryBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : wait;
    }
}
