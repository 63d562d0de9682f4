package com.graminsta.media;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.graminsta.platform.storage.StoredFileDeletion;
import org.springframework.stereotype.Component;

/** The stored files of deleted uploads, handed to {@link StoredFileDeletion}. */
@Component
class MediaFileDeletion {

    private final StoredFileDeletion files;

    MediaFileDeletion(StoredFileDeletion files) {
        this.files = files;
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
        files.deleteLater(keys);
    }
}
