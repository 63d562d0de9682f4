package com.graminsta.platform.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.graminsta.platform.jobs.JobHandler;
import com.graminsta.platform.jobs.JobType;
import com.graminsta.platform.jobs.Jobs;
import org.springframework.stereotype.Component;

/**
 * Deletes stored files once the rows that named them are gone and the restore window has passed
 * ({@link MediaSettings#deletedFileRetention()}): a database restored to a moment before the
 * deletion names these files again, and finds them (docs/decisions/0020). The job is enqueued in
 * the caller's transaction, so files go only once the deletion has committed, and surely then.
 */
@Component
public class StoredFileDeletion implements JobHandler<StoredFileDeletion.Payload> {

    // The name jobs already queued carry.
    static final JobType<Payload> TYPE = JobType.of("media.delete-files", Payload.class);

    record Payload(List<String> keys) {
    }

    private final MediaStore store;
    private final Jobs jobs;
    private final Duration retention;

    StoredFileDeletion(MediaStore store, Jobs jobs, MediaSettings settings) {
        this.store = store;
        this.jobs = jobs;
        this.retention = settings.deletedFileRetention();
    }

    @Override
    public JobType<Payload> type() {
        return TYPE;
    }

    @Override
    public void handle(Payload payload) {
        payload.keys().forEach(store::delete);
    }

    /** Enqueues the deletion of these stored files, in the caller's transaction. */
    public void deleteLater(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        if (retention.isZero() || retention.isNegative()) {
            jobs.enqueue(TYPE, new Payload(List.copyOf(keys)));
        } else {
            jobs.enqueueAt(TYPE, new Payload(List.copyOf(keys)), Instant.now().plus(retention));
        }
    }
}
