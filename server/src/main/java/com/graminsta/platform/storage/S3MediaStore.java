package com.graminsta.platform.storage;

import java.io.InputStream;
import java.util.OptionalLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Media in a bucket of any S3-compatible store. Public objects (variants, avatars) are written
 * cacheable for a year, as immutable, and readable anonymously when the public-read ACL is on;
 * private ones never are. Every failure to reach the store becomes a
 * {@link MediaStorageUnavailableException}.
 */
class S3MediaStore implements MediaStore {

    private static final Logger log = LoggerFactory.getLogger(S3MediaStore.class);
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final S3Client client;
    private final String bucket;
    private final String baseUrl;
    private final boolean publicReadAcl;

    S3MediaStore(S3Client client, String bucket, String baseUrl, boolean publicReadAcl) {
        this.client = client;
        this.bucket = bucket;
        this.baseUrl = baseUrl;
        this.publicReadAcl = publicReadAcl;
    }

    /** Creates the bucket on first start; a store that does not let us (or is down) is only logged. */
    void createBucketIfMissing() {
        try {
            client.headBucket(request -> request.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                log.warn("Could not check the media bucket {} ({}); media will fail until it is reachable", bucket, e.getMessage());
                return;
            }
            try {
                client.createBucket(request -> request.bucket(bucket));
                log.info("Created the media bucket {}", bucket);
            } catch (RuntimeException creation) {
                log.warn("The media bucket {} does not exist and could not be created: {}", bucket, creation.getMessage());
            }
        } catch (SdkClientException e) {
            log.warn("Media storage is unreachable ({}); media will fail until it is back", e.getMessage());
        }
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(contentType)
                .contentLength((long) bytes.length);
        if (!MediaStore.isPrivate(key)) {
            request.cacheControl(IMMUTABLE);
            if (publicReadAcl) {
                request.acl(ObjectCannedACL.PUBLIC_READ);
            }
        }
        call("store " + key, () -> client.putObject(request.build(), RequestBody.fromBytes(bytes)));
    }

    /**
     * Reads the whole object (at most 20 MB) within the SDK call, so the SDK's retries cover a
     * connection that breaks midway and no failure escapes as a bare IOException later.
     */
    @Override
    public InputStream open(String key) {
        try {
            return call("read " + key, () -> client.getObjectAsBytes(request -> request.bucket(bucket).key(key))).asInputStream();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new MediaNotFoundException(key);
            }
            throw e;
        }
    }

    @Override
    public OptionalLong size(String key) {
        try {
            return OptionalLong.of(call("look up " + key,
                    () -> client.headObject(request -> request.bucket(bucket).key(key))).contentLength());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    @Override
    public void delete(String key) {
        call("delete " + key, () -> client.deleteObject(request -> request.bucket(bucket).key(key)));
    }

    @Override
    public String url(String key) {
        if (MediaStore.isPrivate(key)) {
            throw new IllegalArgumentException("Private media has no public URL: " + key);
        }
        return baseUrl + "/" + key;
    }

    /**
     * Runs one request (the SDK has already retried it), telling an outage (no connection, a
     * timeout, a 5xx) from an answer about the request itself, which is passed on as it is.
     */
    private static <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkClientException e) {
            throw new MediaStorageUnavailableException("Could not " + action + ": " + e.getMessage(), e);
        } catch (S3Exception e) {
            if (e.statusCode() >= 500) {
                throw new MediaStorageUnavailableException("Could not " + action + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }
}
