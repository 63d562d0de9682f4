package com.graminsta.platform.images;

/**
 * The clean copies made of an uploaded photo: upright, in sRGB, with no metadata at all.
 *
 * @param width the photo's width once upright
 * @param height the photo's height once upright
 */
public record Variants(int width, int height, Variant feed, Variant small, Variant preview, Variant thumb, String blurhash) {

    /** One encoded JPEG and its size. */
    public record Variant(byte[] jpeg, int width, int height) {
    }
}
