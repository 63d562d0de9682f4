package com.graminsta.media;

import java.util.LinkedHashMap;
import java.util.Map;

import com.graminsta.media.Attachment.StoredVariant;
import com.graminsta.media.Attachment.StoredVariants;
import com.graminsta.platform.storage.MediaStore;
import org.springframework.stereotype.Component;

/**
 * Renders the Mastodon {@code MediaAttachment}: {@code url} is the feed variant and
 * {@code meta.original} its size; {@code preview_url} is the square grid thumbnail and
 * {@code meta.small} its size. The 640-wide variant, which Mastodon has no field for, is
 * {@code meta.medium} with its own {@code url}.
 */
@Component
class MediaViews {

    private final MediaStore store;

    MediaViews(MediaStore store) {
        this.store = store;
    }

    MediaAttachmentJson render(Attachment attachment) {
        StoredVariants variants = attachment.variants();
        Map<String, Object> meta = new LinkedHashMap<>();
        if (variants != null) {
            meta.put("original", size(variants.feed()));
            meta.put("small", size(variants.thumb()));
            Map<String, Object> medium = size(variants.small());
            medium.put("url", store.url(variants.small().key()));
            meta.put("medium", medium);
        }
        meta.put("focus", Map.of("x", attachment.focusX(), "y", attachment.focusY()));
        return new MediaAttachmentJson(
                Long.toString(attachment.id()),
                "image",
                variants == null ? null : store.url(variants.feed().key()),
                variants == null ? null : store.url(variants.thumb().key()),
                null,
                null,
                meta,
                attachment.description() == null || attachment.description().isEmpty() ? null : attachment.description(),
                attachment.blurhash());
    }

    private static Map<String, Object> size(StoredVariant variant) {
        Map<String, Object> size = new LinkedHashMap<>();
        size.put("width", variant.width());
        size.put("height", variant.height());
        size.put("size", variant.width() + "x" + variant.height());
        size.put("aspect", (double) variant.width() / variant.height());
        return size;
    }
}
