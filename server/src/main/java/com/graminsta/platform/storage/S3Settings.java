package com.graminsta.platform.storage;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Object storage ({@code graminsta.storage=s3}): AWS S3 or any S3-compatible store (s3proxy,
 * MinIO, DigitalOcean Spaces, Ceph). {@code graminsta.s3.endpoint} is {@code GRAMINSTA_S3_ENDPOINT},
 * and so on.
 *
 * @param endpoint the store's address as this server reaches it; empty means AWS in {@code region}
 * @param publicEndpoint the store's address as browsers reach it, for presigned uploads and the
 *                       default media base URL; empty means {@code endpoint}
 * @param pathStyle bucket in the path ({@code host/bucket/key}) instead of the host name; s3proxy,
 *                  MinIO and Ceph need it
 * @param accessKey with {@code secretKey}, static credentials; empty means the SDK's default chain
 *                  (environment, profile, instance or pod role)
 * @param publicReadAcl write public objects with the {@code public-read} canned ACL, for stores whose
 *                      edge reads anonymously; on AWS leave it off and let CloudFront read with
 *                      origin access control
 */
@ConfigurationProperties("graminsta.s3")
record S3Settings(
        URI endpoint,
        URI publicEndpoint,
        @DefaultValue("us-east-1") String region,
        @DefaultValue("graminsta") String bucket,
        boolean pathStyle,
        String accessKey,
        String secretKey,
        boolean publicReadAcl) {

    /** Where browsers reach the store; AWS's regional endpoint when no endpoint is configured. */
    URI browserEndpoint() {
        if (publicEndpoint != null) {
            return publicEndpoint;
        }
        return endpoint != null ? endpoint : URI.create("https://s3." + region + ".amazonaws.com");
    }

    /** The bucket's address for browsers, which media URLs are under unless a base URL is set. */
    String bucketUrl() {
        URI base = browserEndpoint();
        String path = base.getRawPath() == null || base.getRawPath().equals("/") ? "" : base.getRawPath();
        if (pathStyle) {
            return base.getScheme() + "://" + base.getRawAuthority() + path + "/" + bucket;
        }
        return base.getScheme() + "://" + bucket + "." + base.getRawAuthority() + path;
    }

    boolean hasStaticCredentials() {
        return accessKey != null && !accessKey.isBlank();
    }
}
