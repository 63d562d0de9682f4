package com.graminsta.platform.images;

import java.util.Set;

/** Makes safe variants of untrusted uploads. */
public interface ImageProcessor {

    /**
     * Decodes the photo (first frame only), turns it upright, converts it to sRGB and writes the
     * variants. The header must have been read and its pixel count checked first. Throws
     * {@link InvalidImageException} for images that cannot be decoded (damaged, truncated).
     */
    Variants process(byte[] source, ImageHeader header, VariantSpec spec);

    /**
     * The image in at most {@code pixels} pixels, of the same shape (see {@link Dimensions#withinPixels}),
     * upright, in sRGB, without metadata: a variant made later from one made before. The same
     * preconditions and failures as {@link #process}.
     */
    Variants.Variant withinPixels(byte[] source, ImageHeader header, long pixels, int jpegQuality);

    /**
     * A square of at most {@code size} pixels cut from the middle (an avatar), upright, in sRGB,
     * without metadata. The same preconditions and failures as {@link #process}.
     */
    Variants.Variant square(byte[] source, ImageHeader header, int size, int jpegQuality);

    /** The formats this processor decodes here. */
    Set<ImageFormat> formats();

    /** Fails with a message saying what to install when this processor cannot run on this machine. */
    void requireAvailable();
}
