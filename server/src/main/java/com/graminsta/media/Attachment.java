package com.graminsta.media;

import java.time.Instant;

/** A row of media_attachments: one uploaded photo and, once processed, its variants. */
record Attachment(
        long id,
        long accountId,
        Long statusId,
        State state,
        String failure,
        String originalKey,
        String variantsKey,
        String description,
        double focusX,
        double focusY,
        Integer width,
        Integer height,
        String blurhash,
        StoredVariants variants,
        Instant createdAt) {

    enum State {
        PROCESSING, READY, FAILED
    }

    /**
     * The stored files, as kept in the variants column. {@code preview} is null for photos
     * processed before previews existed, until the backfill job has made theirs.
     */
    record StoredVariants(StoredVariant feed, StoredVariant small, StoredVariant preview, StoredVariant thumb) {

        StoredVariants withPreview(StoredVariant made) {
            return new StoredVariants(feed, small, made, thumb);
        }
    }

    record StoredVariant(String key, int width, int height) {
    }
}
