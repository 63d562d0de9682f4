package com.graminsta.media;

import java.time.Duration;

import com.graminsta.platform.images.VariantSpec;
import com.graminsta.platform.web.ApiException;

/** The limits on uploads and the variants made of them, in one place. */
final class MediaRules {

    /** Also the multipart limit in application.yml (spring.servlet.multipart.max-file-size). */
    static final long MAX_BYTES = 20L * 1024 * 1024;
    static final long MAX_PIXELS = 50_000_000L;
    static final int DESCRIPTION_MAX = 1500;
    /** Uploads never attached to a post are deleted after this. */
    static final Duration UNATTACHED_LIFETIME = Duration.ofHours(24);

    static final VariantSpec VARIANTS = new VariantSpec(1080, 640, 480, 0, 0, 82);

    private MediaRules() {
    }

    static String description(String description) {
        if (description == null) {
            return null;
        }
        String text = description.strip();
        if (text.codePointCount(0, text.length()) > DESCRIPTION_MAX) {
            throw ApiException.unprocessable("Validation failed: Description is too long (maximum is "
                    + DESCRIPTION_MAX + " characters)");
        }
        return text;
    }

    /** Mastodon's focal point, "x,y" with each from -1 to 1; null when not given. */
    static Focus focus(String focus) {
        if (focus == null || focus.isBlank()) {
            return null;
        }
        String[] parts = focus.split(",", -1);
        if (parts.length == 2) {
            try {
                double x = Double.parseDouble(parts[0].strip());
                double y = Double.parseDouble(parts[1].strip());
                if (x >= -1 && x <= 1 && y >= -1 && y <= 1) {
                    return new Focus(x, y);
                }
            } catch (NumberFormatException e) {
                // answered below
            }
        }
        throw ApiException.unprocessable("Validation failed: Focus must be two numbers from -1.0 to 1.0, as \"x,y\"");
    }

    record Focus(double x, double y) {
    }
}
