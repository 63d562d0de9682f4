package com.graminsta.platform.storage;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
 * Media in object storage ({@code graminsta.storage=s3}), stage 5. Media is served by the store
 * or the CDN in front of it, never by this server, and clients may upload straight to the store.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "graminsta.storage", havingValue = "s3")
class S3Storage {

    /** Short enough that an unreachable store is a quick 503, not a hung request. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** A stalled transfer of at most 20 MB. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    AwsCredentialsProvider s3Credentials(S3Settings s3) {
        if (s3.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Bean(destroyMethod = "close")
    S3Client s3Client(S3Settings s3, AwsCredentialsProvider credentials) {
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

    /** Signs for the address browsers use, which may differ from the one this server uses. */
    @Bean(destroyMethod = "close")
    S3Presigner s3Presigner(S3Settings s3, AwsCredentialsProvider credentials) {
        return S3Presigner.builder()
                .region(Region.of(s3.region()))
                .credentialsProvider(credentials)
                .endpointOverride(s3.browserEndpoint())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s3.pathStyle()).build())
                .build();
    }

    @Bean
    S3MediaStore s3MediaStore(S3Client client, S3Settings s3, MediaSettings media) {
        S3MediaStore store = new S3MediaStore(client, s3.bucket(), media.baseUrl(s3.bucketUrl()), s3.publicReadAcl());
        store.createBucketIfMissing();
        return store;
    }

    @Bean
    DirectUploadUrls directUploadUrls(S3Presigner presigner, S3Settings s3, MediaSettings media) {
        return media.directUploads() ? new S3DirectUploadUrls(presigner, s3.bucket(), s3.bucketUrl()) : DirectUploadUrls.NONE;
    }
}
