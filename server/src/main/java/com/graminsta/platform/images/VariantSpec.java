package com.graminsta.platform.images;

/**
 * The variants to make of a photo.
 *
 * @param feedWidth the feed variant's width; narrower photos are never enlarged
 * @param smallWidth the small variant's width
 * @param previewPixels the preview's budget: the photo's shape in at most this many pixels (Mastodon's
 *     {@code small} style, which clients show in timelines)
 * @param thumbSize the side of the square grid thumbnail
 * @param focusX where the thumbnail's crop centres, -1 (left) to 1 (right), as Mastodon's focus
 * @param focusY where the thumbnail's crop centres, -1 (bottom) to 1 (top)
 * @param jpegQuality the JPEG quality of every variant, 1 to 100
 */
public record VariantSpec(int feedWidth, int smallWidth, long previewPixels, int thumbSize, double focusX, double focusY, int jpegQuality) {

    public VariantSpec withFocus(double x, double y) {
        return new VariantSpec(feedWidth, smallWidth, previewPixels, thumbSize, x, y, jpegQuality);
    }
}
