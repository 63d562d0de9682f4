package com.graminsta.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import com.graminsta.GraminstaApplication;
import com.graminsta.platform.storage.MediaStore;
import org.springframework.boot.SpringApplication;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The whole server, run as a child process by {@link MediaCrashRecoveryTests}. With the system
 * property {@value #STALL_MARKER} set, processing stops for good midway through writing a photo's
 * variants (after the first, before the second), and the marker file says so, so the test can
 * kill the process at exactly that point. The hook is registered programmatically, not as a
 * scanned configuration, so no other test's server ever has it.
 */
public final class CrashableServer {

    static final String STALL_MARKER = "graminsta.test.stall-marker";

    private CrashableServer() {
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(GraminstaApplication.class);
        String marker = System.getProperty(STALL_MARKER);
        if (marker != null) {
            application.addInitializers(context -> ((GenericApplicationContext) context).registerBean(
                    "stallingMediaStore", MediaStore.class,
                    () -> new StallingStore(context.getBean("mediaStore", MediaStore.class), Path.of(marker)),
                    definition -> definition.setPrimary(true)));
        }
        application.run(args);
    }

    private record StallingStore(MediaStore store, Path marker) implements MediaStore {

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            if (key.endsWith("/small.jpg")) {
                try {
                    Files.writeString(marker, key);
                    Thread.sleep(Long.MAX_VALUE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            store.put(key, bytes, contentType);
        }

        @Override
        public InputStream open(String key) {
            return store.open(key);
        }

        @Override
        public OptionalLong size(String key) {
            return store.size(key);
        }

        @Override
        public String baseUrl() {
            return store.baseUrl();
        }

        @Override
        public void delete(String key) {
            store.delete(key);
        }

        @Override
        public String url(String key) {
            return store.url(key);
        }
    }
}
