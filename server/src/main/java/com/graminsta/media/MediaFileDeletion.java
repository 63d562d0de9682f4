package com.graminsta.media;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.graminsta.platform.jobs.JobHandler;
import com.graminsta.platform.jobs.JobType;
import com.graminsta.platform.jobs.Jobs;
import com.graminsta.platform.storage.MediaStore;
import org.springframework.stereotype.Component;

/**
 * Deletes stored files after their rows are gone. The job is enqueued in the transaction that
 * deletes the rows, so files go only once the deletion has committed, and surely then.
 */
@Component
class MediaFileDeletion implements JobHandler<MediaFileDeletion.Payload> {

    static final JobType<Payload> TYPE = JobType.of("media.delete-files", Payload.class);

    record Payload(List<String> keys) {
    }

    private final MediaStore store;
    private final Jobs jobs;

    MediaFileDeletion(MediaStore store, Jobs jobs) {
        this.store = store;
        this.jobs = jobs;
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
        if (!keys.isEmpty()) {
            jobs.enqueue(TYPE, new Payload(keys));
        }
    }
}
