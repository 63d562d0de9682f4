package com.graminsta.accounts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import com.graminsta.platform.storage.MediaStorageUnavailableException;
import com.graminsta.platform.storage.MediaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The pictures of an account without an avatar or header, published in the media store at
 * start-up, so clients load them from where every other image comes from (the CDN from stage 5)
 * and the API serves no image bytes. Their keys carry a hash of the content: immutable, like all
 * media. If the store is unreachable at start-up, publishing is tried again until it works.
 */
@Component
class DefaultImages {

    private static final Logger log = LoggerFactory.getLogger(DefaultImages.class);
    private static final Duration RETRY = Duration.ofSeconds(30);

    private final MediaStore media;
    private final Image avatar;
    private final Image header;

    private record Image(String key, byte[] png) {
    }

    DefaultImages(MediaStore media) {
        this.media = media;
        this.avatar = load("default-avatars/missing.png", "avatars/missing-");
        this.header = load("default-avatars/missing-header.png", "avatars/missing-header-");
    }

    String avatarUrl() {
        return media.url(avatar.key());
    }

    String headerUrl() {
        return media.url(header.key());
    }

    @EventListener(ApplicationReadyEvent.class)
    void publishInBackground() {
        Thread.ofVirtual().name("default-images").start(this::publishUntilStored);
    }

    /** Stores both images unless they are there already. */
    void publish() {
        for (Image image : new Image[] {avatar, header}) {
            if (media.size(image.key()).isEmpty()) {
                media.put(image.key(), image.png(), "image/png");
            }
        }
    }

    private void publishUntilStored() {
        while (true) {
            try {
                publish();
                return;
            } catch (MediaStorageUnavailableException e) {
                log.warn("Could not publish the default avatar ({}); trying again in {}", e.getMessage(), RETRY);
            }
            try {
                Thread.sleep(RETRY);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Image load(String resource, String keyPrefix) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            byte[] png = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png)).substring(0, 16);
            return new Image(keyPrefix + hash + ".png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("The default image " + resource + " is missing from the build", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
