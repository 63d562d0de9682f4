package com.graminsta.platform.images;

/**
 * A width and a height in pixels.
 *
 * @param width at least 1
 * @param height at least 1
 */
public record Dimensions(int width, int height) {

    public Dimensions {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("An image has at least one pixel each way, not " + width + "x" + height);
        }
    }

    /**
     * The largest size of the same shape that has at most {@code pixels} pixels, as Mastodon sizes
     * its {@code small} style (230,400 pixels: a 480×480 square, or 415×554 for a 3:4 portrait).
     * An image already within the budget keeps its size: nothing is enlarged.
     */
    public Dimensions withinPixels(long pixels) {
        if ((long) width * height <= pixels) {
            return this;
        }
        double scale = Math.sqrt((double) pixels / ((long) width * height));
        int scaledWidth = Math.max(1, (int) Math.floor(width * scale));
        int scaledHeight = Math.max(1, (int) Math.floor(height * scale));
        return new Dimensions(scaledWidth, scaledHeight);
    }

    public double aspect() {
        return (double) width / height;
    }
}
