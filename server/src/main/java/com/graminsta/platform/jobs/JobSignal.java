package com.graminsta.platform.jobs;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.LockSupport;

import org.springframework.stereotype.Component;

/**
 * Wakes this process's idle workers when it enqueues a job or a running job ends, so local work
 * starts at once instead of at the next poll. Workers elsewhere still find it by polling.
 */
@Component
class JobSignal {

    private final Set<Thread> waiting = new CopyOnWriteArraySet<>();

    void wake() {
        waiting.forEach(LockSupport::unpark);
    }

    /** Waits for a wake-up or the timeout; returns at once if woken since the last wait. */
    void await(Duration timeout) {
        Thread current = Thread.currentThread();
        waiting.add(current);
        try {
            LockSupport.parkNanos(this, timeout.toNanos());
        } finally {
            waiting.remove(current);
        }
    }
}
