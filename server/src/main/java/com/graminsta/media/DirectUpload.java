package com.graminsta.media;

/**
 * A row of direct_uploads: a presigned upload handed out, and once completed, the attachment it
 * became ({@code mediaId}).
 */
record DirectUpload(
        long id,
        long accountId,
        String objectKey,
        String contentType,
        long size,
        String description,
        MediaRules.Focus focus,
        Long mediaId) {
}
