package com.graminsta.platform.jobs;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.LockSupport;

import org.springframework.stereotype.Component;

/**
 * Wakes this process's idle workers when a job is enqueued (here, or elsewhere:
 * {@link JobNotifications}) or a running job ends, so work starts at once instead of at the next
 * poll.
 */
@Component
class JobSignal {

    /** The pollers of this process's workers, while alive: a wake-up reaches one that is busy too. */
    private final Set<Thread> waiters = new CopyOnWriteArraySet<>();

    void wake() {
        waiters.removeIf(thread -> !thread.isAlive());
        waiters.forEach(LockSupport::unpark);
    }

    /** From now on wake-ups reach the calling thread, also while it is busy: call before the first look for jobs. */
    void register() {
        waiters.add(Thread.currentThread());
    }

    /**
     * Waits for a wake-up or the timeout. Returns at once if woken since the last wait, so a job
     * enqueued while the worker was claiming others is not left for the next poll.
     */
    void await(Duration timeout) {
        register();
        LockSupport.parkNanos(this, timeout.toNanos());
    }
}
