package com.graminsta.platform.jobs;

import java.time.Instant;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Enqueues jobs. Inside a transaction the job commits or rolls back with the caller's writes, so
 * "save the upload, then process it" never leaves an upload without its job, nor a job without
 * its upload.
 */
@Component
public class Jobs {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JobQueue queue;
    private final JobSignal signal;

    Jobs(JobQueue queue, JobSignal signal) {
        this.queue = queue;
        this.signal = signal;
    }

    /** Enqueues a job to run as soon as a worker is free; returns its id. */
    public <P> long enqueue(JobType<P> type, P payload) {
        return enqueueAt(type, payload, null);
    }

    /** Enqueues a job to run no earlier than {@code runAt}; returns its id. */
    public <P> long enqueueAt(JobType<P> type, P payload, Instant runAt) {
        long id = queue.enqueue(type.name(), JSON.writeValueAsString(payload), runAt);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.wake();
                }
            });
        } else {
            signal.wake();
        }
        return id;
    }
}
