package com.graminsta.media;

import java.util.Map;

/**
 * The Mastodon {@code MediaAttachment} entity. {@code url} is the 1080-wide feed variant,
 * {@code preview_url} the preview in the photo's own shape (about 230,400 pixels, as Mastodon's);
 * {@code meta} carries the sizes of each and Graminsta's other variants ({@code medium},
 * {@code square}) with their URLs; {@code url} is null while the photo is still processing.
 */
public record MediaAttachmentJson(
        String id,
        String type,
        String url,
        String previewUrl,
        String remoteUrl,
        String textUrl,
        Map<String, Object> meta,
        String description,
        String blurhash) {
}
