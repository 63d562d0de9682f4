package com.graminsta.platform.jobs;

/**
 * Does one kind of job. Jobs run at least once: a worker that dies mid-job leaves it to be run
 * again, so {@link #handle} must be idempotent (check the state it is about to change, write to
 * deterministic keys). Declare handlers as beans; every worker picks them up.
 */
public interface JobHandler<P> {

    JobType<P> type();

    /**
     * Throwing means "try again later"; a job that should not be retried returns normally. An
     * exception marked {@link TransientFailure} waits out an outage without using up an attempt.
     */
    void handle(P payload) throws Exception;

    /** Attempts before the job is given up on, including ones whose worker died. */
    default int maxAttempts() {
        return 5;
    }

    /** Called once when the job is given up on, to leave what it was working on in a clear state. */
    default void giveUp(P payload, String lastError) {
    }
}
