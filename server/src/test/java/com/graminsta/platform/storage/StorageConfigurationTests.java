package com.graminsta.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;

import com.graminsta.platform.GraminstaSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Which store the settings select, and what follows from them, without starting the server. */
class StorageConfigurationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({GraminstaSettings.class, MediaSettings.class, S3Settings.class})
    static class Settings {
    }

    /** Nothing listens on port 1: the store is unreachable, which must not stop the server starting. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class, MediaStorage.class)
            .withPropertyValues("graminsta.data-dir=/srv/graminsta", "graminsta.public-url=https://photos.example",
                    "graminsta.s3.endpoint=http://127.0.0.1:1", "graminsta.s3.access-key=key", "graminsta.s3.secret-key=secret");

    @Test
    void localDiskIsTheDefaultAndTakesNoDirectUploads() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MediaStore.class)).isInstanceOf(LocalMediaStore.class);
            LocalMediaStore store = context.getBean(LocalMediaStore.class);
            assertThat(store.root()).isEqualTo(Path.of("/srv/graminsta/media"));
            assertThat(store.url("attachments/a/feed.jpg")).isEqualTo("https://photos.example/media/attachments/a/feed.jpg");
            assertThat(context.getBean(DirectUploadUrls.class).enabled()).isFalse();
        });
    }

    @Test
    void anUnknownStorageStopsTheStartWithTheSettingsName() {
        runner.withPropertyValues("graminsta.storage=s4").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("GRAMINSTA_STORAGE").hasMessageContaining("'s4'"));
    }

    @Test
    void theLocalFolderAndBaseUrlCanBeSet() {
        runner.withPropertyValues("graminsta.media.directory=/mnt/shared/media", "graminsta.media.base-url=https://cdn.example/m/")
                .run(context -> {
                    LocalMediaStore store = context.getBean(LocalMediaStore.class);
                    assertThat(store.root()).isEqualTo(Path.of("/mnt/shared/media"));
                    assertThat(store.url("avatars/a.jpg")).isEqualTo("https://cdn.example/m/avatars/a.jpg");
                });
    }

    @Test
    void s3IsSelectedByTheStorageSettingAndStartsEvenWhenTheStoreIsDown() {
        runner.withPropertyValues("graminsta.storage=s3", "graminsta.s3.path-style=true", "graminsta.s3.bucket=photos")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MediaStore store = context.getBean(MediaStore.class);
                    assertThat(store).isInstanceOf(S3MediaStore.class);
                    assertThat(store.url("attachments/a/feed.jpg")).isEqualTo("http://127.0.0.1:1/photos/attachments/a/feed.jpg");
                    assertThat(context.getBean(DirectUploadUrls.class).enabled()).isTrue();
                });
    }

    @Test
    void directUploadsCanBeTurnedOffWithS3() {
        runner.withPropertyValues("graminsta.storage=s3", "graminsta.media.direct-uploads=false")
                .run(context -> assertThat(context.getBean(DirectUploadUrls.class).enabled()).isFalse());
    }

    @Test
    void presignedUrlsNameThePublicEndpoint() {
        runner.withPropertyValues("graminsta.storage=s3", "graminsta.s3.path-style=true", "graminsta.s3.bucket=photos",
                        "graminsta.s3.public-endpoint=https://s3.photos.example")
                .run(context -> {
                    PresignedUpload upload = context.getBean(DirectUploadUrls.class)
                            .presignPut("private/originals/a.jpg", "image/jpeg", 100, java.time.Duration.ofMinutes(15));
                    assertThat(upload.url().toString()).startsWith("https://s3.photos.example/photos/private/originals/a.jpg?");
                    assertThat(upload.url().getQuery()).contains("X-Amz-SignedHeaders=content-length;content-type;host");
                    assertThat(context.getBean(MediaStore.class).url("avatars/a.jpg"))
                            .isEqualTo("https://s3.photos.example/photos/avatars/a.jpg");
                });
    }

    @Test
    void bucketAddressesFollowTheAddressingStyle() {
        assertThat(s3("https://minio.example:9000", true).bucketUrl()).isEqualTo("https://minio.example:9000/photos");
        assertThat(s3("https://nyc3.digitaloceanspaces.com", false).bucketUrl()).isEqualTo("https://photos.nyc3.digitaloceanspaces.com");
        assertThat(s3(null, false).bucketUrl()).isEqualTo("https://photos.s3.eu-west-1.amazonaws.com");
    }

    private static S3Settings s3(String endpoint, boolean pathStyle) {
        return new S3Settings(endpoint == null ? null : URI.create(endpoint), null, "eu-west-1", "photos", pathStyle,
                null, null, false);
    }
}
