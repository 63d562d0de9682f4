package com.graminsta.platform.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

import com.graminsta.platform.GraminstaSettings;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Stage 1's media store: files under {@code <data dir>/media}, served by this server at /media
 * with year-long immutable caching (Range and conditional GET come with Spring's resource handler).
 * Private keys live beside it, under {@code <data dir>/media-private}, out of the served tree.
 */
@Component
class LocalMediaStore implements MediaStore {

    /** Keys are paths of safe segments: no "..", no absolute paths, nothing to escape the root. */
    private static final Pattern SAFE_KEY = Pattern.compile("[a-z0-9_-]+(/[a-z0-9_-]+)*\\.[a-z0-9]+");

    private final Path root;
    private final Path privateRoot;
    private final String baseUrl;

    LocalMediaStore(GraminstaSettings settings, MediaSettings media) {
        this.root = settings.dataDir().resolve("media").toAbsolutePath().normalize();
        this.privateRoot = settings.dataDir().resolve("media-private").toAbsolutePath().normalize();
        String base = media.baseUrl() == null || media.baseUrl().isBlank() ? settings.url("/media") : media.baseUrl();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    Path root() {
        return root;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        Path target = resolve(key);
        try {
            Files.createDirectories(target.getParent());
            // Write aside, then move into place: a reader never sees half a file.
            Path temporary = Files.createTempFile(target.getParent(), ".upload", ".tmp");
            Files.write(temporary, bytes);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store " + key, e);
        }
    }

    @Override
    public InputStream open(String key) {
        try {
            return Files.newInputStream(resolve(key));
        } catch (NoSuchFileException e) {
            throw new MediaNotFoundException(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(String key) {
        Path file = resolve(key);
        try {
            Files.deleteIfExists(file);
            // A variant folder (attachments/<random>/) goes with its last file; top-level folders stay,
            // so a concurrent put never finds its folder removed under it.
            Path base = key.startsWith(PRIVATE_PREFIX) ? privateRoot : root;
            Path folder = file.getParent();
            if (base.relativize(folder).getNameCount() >= 2) {
                Files.deleteIfExists(folder);
            }
        } catch (DirectoryNotEmptyException e) {
            // other files of the same upload remain
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + key, e);
        }
    }

    @Override
    public String url(String key) {
        if (key.startsWith(PRIVATE_PREFIX)) {
            throw new IllegalArgumentException("Private media has no public URL: " + key);
        }
        return baseUrl + "/" + key;
    }

    private Path resolve(String key) {
        if (!SAFE_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("Not a media key: " + key);
        }
        return key.startsWith(PRIVATE_PREFIX) ? privateRoot.resolve(key.substring(PRIVATE_PREFIX.length())) : root.resolve(key);
    }

    @Configuration(proxyBeanMethods = false)
    static class Serving implements WebMvcConfigurer {

        private final LocalMediaStore store;

        Serving(LocalMediaStore store) {
            this.store = store;
        }

        @Override
        public void addResourceHandlers(ResourceHandlerRegistry registry) {
            registry.addResourceHandler("/media/**")
                    .addResourceLocations(directoryUri(store.root()))
                    .setCacheControl(CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePublic().immutable())
                    .resourceChain(false);
        }

        private static String directoryUri(Path directory) {
            String uri = directory.toUri().toString();
            return uri.endsWith("/") ? uri : uri + "/";
        }
    }
}
