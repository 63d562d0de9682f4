package com.graminsta.platform.jobs;

/**
 * Marks an exception as an outage of something a job depends on, such as the media store, rather
 * than a fault of the job or its payload. The worker puts such a job back to wait, with growing
 * pauses, and does not count the attempt: {@link JobHandler#maxAttempts()} is there to stop a job
 * that crashes workers, and an outage longer than a few retries must not make jobs give up.
 */
public interface TransientFailure {
}
