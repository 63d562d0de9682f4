package com.graminsta.platform.storage;

import java.nio.file.Path;
import java.time.Duration;

import com.graminsta.platform.GraminstaSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where media is kept and served from. The store itself is chosen by {@code graminsta.storage}
 * ({@code GRAMINSTA_STORAGE}): {@code local} (the default) or {@code s3}, set up by {@link S3Settings}.
 *
 * @param baseUrl the public URL media is served from (the CDN from stage 5); empty means this
 *                server's own /media path with local storage, and the bucket's address with S3
 * @param directory the local store's folder ({@code GRAMINSTA_MEDIA_DIRECTORY}); empty means
 *                  {@code <data dir>/media}. Private files go in a folder beside it.
 * @param directUploads whether clients may upload straight to object storage with presigned URLs
 *                      ({@code GRAMINSTA_DIRECT_UPLOADS}); only S3 storage can offer them
 * @param deletedFileRetention how long a file outlives the rows that named it
 *                             ({@code GRAMINSTA_MEDIA_DELETEDFILERETENTION}, default 7 days): at
 *                             least the backups' restorable window, so that a database restored
 *                             to any moment in it finds every photo it names (docs/decisions/0020)
 */
@ConfigurationProperties("graminsta.media")
public record MediaSettings(String baseUrl, Path directory, @DefaultValue("true") boolean directUploads,
        @DefaultValue("7d") Duration deletedFileRetention) {

    Path directory(GraminstaSettings settings) {
        return (directory == null ? settings.dataDir().resolve("media") : directory).toAbsolutePath().normalize();
    }

    /** The configured base URL without a trailing slash, or {@code fallback} when none is set. */
    String baseUrl(String fallback) {
        String base = baseUrl == null || baseUrl.isBlank() ? fallback : baseUrl.strip();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
