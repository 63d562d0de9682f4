package com.graminsta.platform.images;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The formats uploads may be in, told apart by their first bytes, never by name or declared type. */
public enum ImageFormat {
    JPEG("JPEG", "jpg", "image/jpeg", Set.of("image/jpeg", "image/jpg", "image/pjpeg"), Set.of("jpg", "jpeg", "jpe", "jfif")),
    PNG("PNG", "png", "image/png", Set.of("image/png", "image/x-png", "image/apng"), Set.of("png", "apng")),
    GIF("GIF", "gif", "image/gif", Set.of("image/gif"), Set.of("gif")),
    WEBP("WebP", "webp", "image/webp", Set.of("image/webp"), Set.of("webp")),
    HEIC("HEIC", "heic", "image/heic", Set.of("image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"),
            Set.of("heic", "heif", "hif")),
    AVIF("AVIF", "avif", "image/avif", Set.of("image/avif", "image/avif-sequence"), Set.of("avif"));

    private final String displayName;
    private final String extension;
    private final String mimeType;
    private final Set<String> mimeTypes;
    private final Set<String> extensions;

    ImageFormat(String displayName, String extension, String mimeType, Set<String> mimeTypes, Set<String> extensions) {
        this.displayName = displayName;
        this.extension = extension;
        this.mimeType = mimeType;
        this.mimeTypes = mimeTypes;
        this.extensions = extensions;
    }

    public String displayName() {
        return displayName;
    }

    public String mimeType() {
        return mimeType;
    }

    public String extension() {
        return extension;
    }

    /** The image format a declared content type names; empty for generic types such as application/octet-stream. */
    public static Optional<ImageFormat> byMimeType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (ImageFormat format : values()) {
            if (format.mimeTypes.contains(type)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The image format a file name's extension names; empty when it names none. */
    public static Optional<ImageFormat> byFileName(String fileName) {
        if (fileName == null || fileName.lastIndexOf('.') < 0) {
            return Optional.empty();
        }
        String extension = fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        for (ImageFormat format : values()) {
            if (format.extensions.contains(extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
