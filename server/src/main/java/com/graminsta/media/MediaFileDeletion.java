package com.graminsta.media;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.graminsta.platform.jobs.JobHandler;
import com.graminsta.platform.jobs.JobType;
import com.graminsta.platform.jobs.Jobs;
import com.graminsta.platform.storage.MediaSettings;
import com.graminsta.platform.storage.MediaStore;
import org.springframework.stereotype.Component;

/**
 * Deletes stored files after their rows are gone. The job is enqueued in the transaction that
 * deletes the rows, so files go only once the deletion has committed, and surely then. It runs
 * only once the restore window has passed ({@link MediaSettings#deletedFileRetention()}): a
 * database restored to a moment before the deletion names these files again, and finds them.
 */
@Component
class MediaFileDeletion implements JobHandler<MediaFileDeletion.Payload> {

    static final JobType<Payload> TYPE = JobType.of("media.delete-files", Payload.class);

    record Payload(List<String> keys) {
    }

    private final MediaStore store;
    private final Jobs jobs;
    private final Duration retention;

    MediaFileDeletion(MediaStore store, Jobs jobs, MediaSettings settings) {
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

    /** Enqueues the deletion of every file of these uploads, in the caller's transaction. */
    void deleteFilesOf(Collection<Attachment> deleted) {
        List<String> keys = new ArrayList<>();
        for (Attachment attachment : deleted) {
            keys.addAll(MediaKeys.variants(attachment.variantsKey()));
            if (attachment.originalKey() != null) {
                keys.add(attachment.originalKey());
            }
        }
        deleteKeys(keys);
    }

    /** Enqueues the deletion of these stored files, in the caller's transaction. */
    void deleteKeys(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        if (retention.isZero() || retention.isNegative()) {
            jobs.enqueue(TYPE, new Payload(keys));
        } else {
            jobs.enqueueAt(TYPE, new Payload(keys), Instant.now().plus(retention));
        }
    }
}
