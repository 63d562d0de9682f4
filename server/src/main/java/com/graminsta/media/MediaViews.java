package com.graminsta.media;

import java.util.LinkedHashMap;
import java.util.Map;

import com.graminsta.media.Attachment.StoredVariant;
import com.graminsta.media.Attachment.StoredVariants;
import com.graminsta.platform.storage.MediaStore;
import org.springframework.stereotype.Component;

/**
 * Renders the Mastodon {@code MediaAttachment}: {@code url} is the feed variant and
 * {@code meta.original} its size; {@code preview_url} is the preview, the photo's own shape in
 * Mastodon's pixel budget, and {@code meta.small} its size, as Mastodon defines both. Graminsta's
 * own variants, which Mastodon has no field for, carry their {@code url} in {@code meta}: the
 * 640-wide {@code medium} and the square grid thumbnail, {@code square}.
 *
 * <p>A photo processed before previews existed has none until the backfill job reaches it; until
 * then the 640-wide variant, of the same shape, stands in, so no URL names a missing file.
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
        StoredVariant preview = null;
        if (variants != null) {
            preview = variants.preview() != null ? variants.preview() : variants.small();
            meta.put("original", size(variants.feed()));
            meta.put("small", size(preview));
            meta.put("medium", withUrl(variants.small()));
            meta.put("square", withUrl(variants.thumb()));
        }
        meta.put("focus", Map.of("x", attachment.focusX(), "y", attachment.focusY()));
        return new MediaAttachmentJson(
                Long.toString(attachment.id()),
                "image",
                variants == null ? null : store.url(variants.feed().key()),
                preview == null ? null : store.url(preview.key()),
                null,
                null,
                meta,
                attachment.description() == null || attachment.description().isEmpty() ? null : attachment.description(),
                attachment.blurhash());
    }

    private Map<String, Object> withUrl(StoredVariant variant) {
        Map<String, Object> size = size(variant);
        size.put("url", store.url(variant.key()));
        return size;
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
