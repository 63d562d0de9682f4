package com.graminsta.platform.storage;

import java.time.Duration;
import java.util.Optional;

/**
 * Presigned URLs that let a client upload straight to object storage, so no image byte crosses
 * the API. Only S3 storage offers them, and only while {@code GRAMINSTA_DIRECT_UPLOADS} is not
 * false.
 */
public interface DirectUploadUrls {

    /** For stores that take no direct uploads. */
    DirectUploadUrls NONE = new DirectUploadUrls() {

        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public Optional<String> origin() {
            return Optional.empty();
        }

        @Override
        public PresignedUpload presignPut(String key, String contentType, long size, Duration validity) {
            throw new IllegalStateException("Direct uploads are not enabled");
        }
    };

    boolean enabled();

    /** The origin browsers send direct uploads to (the web app's CSP must allow it); empty when they are off. */
    Optional<String> origin();

    /**
     * A URL to PUT the object to, for {@code validity}. The type and size are part of the
     * signature, so the store refuses a body of any other type or size.
     */
    PresignedUpload presignPut(String key, String contentType, long size, Duration validity);
}
