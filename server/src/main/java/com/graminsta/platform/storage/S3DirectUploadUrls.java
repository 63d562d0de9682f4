package com.graminsta.platform.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** Presigned PUTs with the type and size signed; pure computation, no call to the store. */
class S3DirectUploadUrls implements DirectUploadUrls {

    private final S3Presigner presigner;
    private final String bucket;
    private final String origin;

    /** {@code bucketUrl}: the bucket's address as browsers reach it, where the presigned URLs point. */
    S3DirectUploadUrls(S3Presigner presigner, String bucket, String bucketUrl) {
        this.presigner = presigner;
        this.bucket = bucket;
        URI url = URI.create(bucketUrl);
        this.origin = url.getScheme() + "://" + url.getRawAuthority();
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Optional<String> origin() {
        return Optional.of(origin);
    }

    @Override
    public PresignedUpload presignPut(String key, String contentType, long size, Duration validity) {
        PutObjectRequest object = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(contentType)
                .contentLength(size)
                .build();
        PresignedPutObjectRequest presigned = presigner.presignPutObject(request -> request
                .signatureDuration(validity)
                .putObjectRequest(object));
        try {
            return new PresignedUpload(presigned.url().toURI(), Map.of("Content-Type", contentType), presigned.expiration());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The SDK presigned an invalid URL", e);
        }
    }
}
