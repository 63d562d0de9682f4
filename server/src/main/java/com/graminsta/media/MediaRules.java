package com.graminsta.media;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import com.graminsta.platform.images.ImageFormat;
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

    /** How long a presigned direct-upload URL works. */
    static final Duration DIRECT_UPLOAD_VALIDITY = Duration.ofMinutes(15);
    /** Direct uploads are deleted after this: never completed ones with their object. */
    static final Duration DIRECT_UPLOAD_LIFETIME = Duration.ofHours(24);
    /** What a direct upload may declare: the types browsers make (HEIC goes through POST /api/v2/media). */
    static final Set<ImageFormat> DIRECT_UPLOAD_FORMATS = EnumSet.of(
            ImageFormat.JPEG, ImageFormat.PNG, ImageFormat.WEBP, ImageFormat.GIF);

    /**
     * The preview's pixel budget, Mastodon's for its {@code small} style ({@code pixels: 230_400}):
     * what clients show in timelines as {@code preview_url}, in the photo's own shape.
     */
    static final long PREVIEW_PIXELS = 230_400;
    static final int JPEG_QUALITY = 82;
    static final VariantSpec VARIANTS = new VariantSpec(1080, 640, PREVIEW_PIXELS, 480, 0, 0, JPEG_QUALITY);

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

    /** The format a direct upload declares; its aliases (image/jpg) are accepted, the canonical type is signed. */
    static ImageFormat directUploadFormat(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw ApiException.unprocessable("Validation failed: Content type can't be blank");
        }
        return ImageFormat.byMimeType(contentType).filter(DIRECT_UPLOAD_FORMATS::contains).orElseThrow(() ->
                ApiException.unprocessable("Validation failed: Content type must be image/jpeg, image/png, image/webp or image/gif"));
    }

    /** The declared size of a direct upload, which the store then holds it to. */
    static long directUploadSize(Long size) {
        if (size == null) {
            throw ApiException.unprocessable("Validation failed: Size can't be blank");
        }
        if (size < 1 || size > MAX_BYTES) {
            throw ApiException.unprocessable("Validation failed: Size must be from 1 byte to " + MAX_BYTES / (1024 * 1024) + " MB");
        }
        return size;
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
