package com.graminsta.platform.storage;

import java.nio.file.Path;
import java.time.Duration;

import com.graminsta.platform.GraminstaSettings;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Where media is kept, chosen by {@code graminsta.storage} ({@code GRAMINSTA_STORAGE}):
 * <ul>
 *   <li>{@code local}, the default: the local disk, served by this server at /media with
 *       year-long immutable caching (Range and conditional GET come with Spring's resource
 *       handler). Direct uploads need object storage, so they are off.</li>
 *   <li>{@code s3}, stage 5: a bucket of any S3-compatible store ({@link S3Storage}). Media is
 *       served by the store or the CDN in front of it, never by this server, and clients may
 *       upload straight to the store.</li>
 * </ul>
 * The choice is made here when the server starts, not by bean conditions: the build prepares
 * the application context ahead of time (Spring AOT, docs/decisions/0015), which fixes every
 * condition at build time, and one build must serve every stage.
 */
@Configuration(proxyBeanMethods = false)
class MediaStorage implements WebMvcConfigurer, DisposableBean {

    private final MediaStore store;
    private final DirectUploadUrls directUploads;
    /** Null with local storage. */
    private final S3Storage s3;

    MediaStorage(@Value("${graminsta.storage:local}") String storage, GraminstaSettings settings,
                 MediaSettings media, S3Settings s3Settings) {
        switch (storage) {
            case "local" -> {
                this.s3 = null;
                this.store = new LocalMediaStore(media.directory(settings), media.baseUrl(settings.url("/media")));
                this.directUploads = DirectUploadUrls.NONE;
            }
            case "s3" -> {
                this.s3 = new S3Storage(s3Settings);
                this.store = s3.mediaStore(media);
                this.directUploads = media.directUploads() ? s3.directUploadUrls() : DirectUploadUrls.NONE;
            }
            default -> throw new IllegalStateException(
                    "GRAMINSTA_STORAGE (graminsta.storage) is '" + storage + "'; it must be local or s3");
        }
    }

    @Bean
    MediaStore mediaStore() {
        return store;
    }

    @Bean
    DirectUploadUrls directUploadUrls() {
        return directUploads;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        if (store instanceof LocalMediaStore local) {
            registry.addResourceHandler("/media/**")
                    .addResourceLocations(directoryUri(local.root()))
                    .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                    .resourceChain(false);
        }
    }

    @Override
    public void destroy() {
        if (s3 != null) {
            s3.close();
        }
    }

    private static String directoryUri(Path directory) {
        String uri = directory.toUri().toString();
        return uri.endsWith("/") ? uri : uri + "/";
    }
}
