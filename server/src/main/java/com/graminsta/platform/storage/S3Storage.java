package com.graminsta.platform.storage;

import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The connection to object storage for {@code graminsta.storage=s3} (see {@link MediaStorage}):
 * one client for this server's own reads and writes, and a presigner for direct uploads, which
 * signs for the address browsers use (it may differ from the one this server uses).
 */
final class S3Storage implements AutoCloseable {

    /** Short enough that an unreachable store is a quick 503, not a hung request. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** A stalled transfer of at most 20 MB. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private final S3Settings s3;
    private final S3Client client;
    private final S3Presigner presigner;

    S3Storage(S3Settings s3) {
        this.s3 = s3;
        AwsCredentialsProvider credentials = credentials(s3);
        this.client = client(s3, credentials);
        this.presigner = S3Presigner.builder()
                .region(Region.of(s3.region()))
                .credentialsProvider(credentials)
                .endpointOverride(s3.browserEndpoint())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s3.pathStyle()).build())
                .build();
    }

    /** The bucket as a media store; creates the bucket on first start if the store lets us. */
    S3MediaStore mediaStore(MediaSettings media) {
        S3MediaStore store = new S3MediaStore(client, s3.bucket(), media.baseUrl(s3.bucketUrl()), s3.publicReadAcl());
        store.createBucketIfMissing();
        return store;
    }

    DirectUploadUrls directUploadUrls() {
        return new S3DirectUploadUrls(presigner, s3.bucket(), s3.bucketUrl());
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }

    private static AwsCredentialsProvider credentials(S3Settings s3) {
        if (s3.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static S3Client client(S3Settings s3, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder()
                .region(Region.of(s3.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(s3.pathStyle())
                // The SDK's default CRC checksums are newer than many S3-compatible stores (Ceph,
                // Spaces, older MinIO and s3proxy); send and check them only where S3 requires them.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT));
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        return builder.build();
    }
}
