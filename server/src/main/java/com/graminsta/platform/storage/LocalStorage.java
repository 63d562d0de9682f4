package com.graminsta.platform.storage;

import java.nio.file.Path;
import java.time.Duration;

import com.graminsta.platform.GraminstaSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Media on the local disk ({@code graminsta.storage=local}, the default), served by this server at
 * /media with year-long immutable caching; Range and conditional GET come with Spring's resource
 * handler. Direct uploads need object storage, so they are off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "graminsta.storage", havingValue = "local", matchIfMissing = true)
class LocalStorage implements WebMvcConfigurer {

    private final LocalMediaStore store;

    LocalStorage(GraminstaSettings settings, MediaSettings media) {
        this.store = new LocalMediaStore(media.directory(settings), media.baseUrl(settings.url("/media")));
    }

    @Bean
    LocalMediaStore localMediaStore() {
        return store;
    }

    @Bean
    DirectUploadUrls directUploadUrls() {
        return DirectUploadUrls.NONE;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/media/**")
                .addResourceLocations(directoryUri(store.root()))
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .resourceChain(false);
    }

    private static String directoryUri(Path directory) {
        String uri = directory.toUri().toString();
        return uri.endsWith("/") ? uri : uri + "/";
    }
}
