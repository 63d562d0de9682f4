package com.graminsta.platform.images;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The image pipeline on libvips. The photo is decoded once, straight to the smallest size every
 * variant can be cut from (JPEG and WebP decoders shrink while decoding, so a 50-megapixel
 * photo never exists at full size in memory), kept in memory, and each variant is made from
 * that. Turning upright (EXIF orientation) and the conversion to sRGB happen in the same step;
 * the encoder writes no metadata at all, so GPS, device and time cannot survive.
 */
@Component
public final class VipsImageProcessor implements ImageProcessor {

    private static final Logger log = LoggerFactory.getLogger(VipsImageProcessor.class);
    private static final int BLURHASH_WIDTH = 32;
    private static final int BLURHASH_COMPONENTS_X = 4;
    private static final int BLURHASH_COMPONENTS_Y = 3;
    /** Refuse what a decoder only warns about (a truncated scan, a bad Huffman code): never serve half a photo. */
    private static final String LOADER_OPTIONS = "fail_on=error";
    private static final Set<ImageFormat> BASIC = EnumSet.of(ImageFormat.JPEG, ImageFormat.PNG, ImageFormat.GIF, ImageFormat.WEBP);

    @Override
    public void requireAvailable() {
        Vips vips = Vips.get();
        log.info("Processing photos with libvips {}; formats {}", vips.version, formats());
    }

    @Override
    public Set<ImageFormat> formats() {
        Set<ImageFormat> formats = EnumSet.copyOf(BASIC);
        try {
            if (Vips.get().hasOperation("heifload_buffer")) {
                formats.add(ImageFormat.HEIC);
                formats.add(ImageFormat.AVIF);
            }
        } catch (IllegalStateException e) {
            // No libvips on this instance: it can still accept uploads for workers elsewhere.
        }
        return formats;
    }

    @Override
    public Variants process(byte[] source, ImageHeader header, VariantSpec spec) {
        try (Arena arena = Arena.ofConfined(); Images images = new Images(Vips.get(), arena)) {
            // The smallest size every variant can be cut from: the feed width, the preview's
            // width (wider than the feed's for a panorama) and the thumbnail's side on the short edge.
            Upright upright = upright(images, arena, source, header, (width, height) -> Math.max(
                    Math.max(spec.feedWidth(), new Dimensions(width, height).withinPixels(spec.previewPixels()).width())
                            / (double) width,
                    (double) spec.thumbSize() / Math.min(width, height)));
            MemorySegment base = upright.image();
            int baseWidth = images.width(base);
            int previewWidth = new Dimensions(upright.width(), upright.height()).withinPixels(spec.previewPixels()).width();
            MemorySegment feed = images.resizeToWidth(base, Math.min(spec.feedWidth(), baseWidth));
            MemorySegment small = images.resizeToWidth(base, Math.min(spec.smallWidth(), baseWidth));
            MemorySegment preview = images.resizeToWidth(base, Math.min(previewWidth, baseWidth));
            MemorySegment thumb = images.squareAround(base, spec.focusX(), spec.focusY(), spec.thumbSize());
            return new Variants(upright.width(), upright.height(),
                    images.jpeg(feed, spec.jpegQuality()),
                    images.jpeg(small, spec.jpegQuality()),
                    images.jpeg(preview, spec.jpegQuality()),
                    images.jpeg(thumb, spec.jpegQuality()),
                    images.blurhash(small));
        }
    }

    @Override
    public Variants.Variant withinPixels(byte[] source, ImageHeader header, long pixels, int jpegQuality) {
        try (Arena arena = Arena.ofConfined(); Images images = new Images(Vips.get(), arena)) {
            Upright upright = upright(images, arena, source, header, (width, height) ->
                    new Dimensions(width, height).withinPixels(pixels).width() / (double) width);
            return images.jpeg(upright.image(), jpegQuality);
        }
    }

    @Override
    public Variants.Variant square(byte[] source, ImageHeader header, int size, int jpegQuality) {
        try (Arena arena = Arena.ofConfined(); Images images = new Images(Vips.get(), arena)) {
            Upright upright = upright(images, arena, source, header,
                    (width, height) -> (double) size / Math.min(width, height));
            return images.jpeg(images.squareAround(upright.image(), 0, 0, size), jpegQuality);
        }
    }

    /** How much to shrink an upright image of the given size; more than 1 is never applied. */
    private interface Scale {
        double of(int width, int height);
    }

    /** The decoded image, turned upright, on white if it had transparency; and its full upright size. */
    private record Upright(MemorySegment image, int width, int height) {
    }

    /**
     * Decodes the first frame straight to the size {@code scale} asks for (libvips shrinks while it
     * decodes, so a 50-megapixel photo never exists in memory at full size) and turns it upright.
     */
    private static Upright upright(Images images, Arena arena, byte[] source, ImageHeader header, Scale scale) {
        MemorySegment buffer = arena.allocate(source.length);
        MemorySegment.copy(source, 0, buffer, ValueLayout.JAVA_BYTE, 0, source.length);

        // libvips's own reading of the header, still without decoding: it must not claim more
        // pixels than the header check allowed, or the two parsers disagree about this file.
        MemorySegment probe = images.fromBuffer(buffer, source.length);
        int storedWidth = images.width(probe);
        int storedHeight = images.height(probe);
        if ((long) storedWidth * storedHeight > header.pixels()) {
            throw new InvalidImageException("The image is damaged");
        }
        boolean turned = images.orientation(probe) >= 5;
        int width = turned ? storedHeight : storedWidth;
        int height = turned ? storedWidth : storedHeight;

        double factor = Math.min(1, scale.of(width, height));
        MemorySegment base = images.thumbnail(buffer, source.length, Math.max(1, (int) Math.round(width * factor)));
        if (images.hasAlpha(base)) {
            base = images.flattenOnWhite(base);
        }
        return new Upright(images.copyMemory(base), width, height);
    }

    /**
     * The libvips images one run makes, released together at the end. Every call that fails
     * turns libvips's error into an {@link InvalidImageException}: it fails on this input.
     */
    private static final class Images implements AutoCloseable {

        private final Vips vips;
        private final Arena arena;
        private final Deque<MemorySegment> owned = new ArrayDeque<>();
        private final MemorySegment out;

        Images(Vips vips, Arena arena) {
            this.vips = vips;
            this.arena = arena;
            this.out = arena.allocate(ValueLayout.ADDRESS);
        }

        MemorySegment fromBuffer(MemorySegment buffer, long length) {
            try {
                return own((MemorySegment) vips.imageNewFromBuffer.invokeExact(
                        buffer, length, arena.allocateFrom(LOADER_OPTIONS), MemorySegment.NULL));
            } catch (Throwable e) {
                throw Vips.rethrow(e);
            }
        }

        int width(MemorySegment image) {
            try {
                return (int) vips.imageGetWidth.invokeExact(image);
            } catch (Throwable e) {
                throw Vips.rethrow(e);
            }
        }

        int height(MemorySegment image) {
            try {
                return (int) vips.imageGetHeight.invokeExact(image);
            } catch (Throwable e) {
                throw Vips.rethrow(e);
            }
        }

        boolean hasAlpha(MemorySegment image) {
            try {
                return (int) vips.imageHasAlpha.invokeExact(image) != 0;
            } catch (Throwable e) {
                throw Vips.rethrow(e);
            }
        }

        /** The EXIF orientation, 1 (upright) when there is none. */
        int orientation(MemorySegment image) {
            try {
                MemorySegment name = arena.allocateFrom("orientation");
                if ((long) vips.imageGetTypeof.invokeExact(image, name) == 0) {
                    return 1;
                }
                MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
                if ((int) vips.imageGetInt.invokeExact(image, name, value) != 0) {
                    vips.lastError();
                    return 1;
                }
                return value.get(ValueLayout.JAVA_INT, 0);
            } catch (Throwable e) {
                throw Vips.rethrow(e);
            }
        }

        /** Decodes (shrinking on load where the format allows), turns upright and converts to sRGB. */
        MemorySegment thumbnail(MemorySegment buffer, long length, int width) {
            try {
                int result = (int) vips.thumbnailBuffer.invokeExact(buffer, length, out, width,
                        arena.allocateFrom("height"), Vips.MAX_COORD,
                        arena.allocateFrom("size"), Vips.SIZE_DOWN,
                        arena.allocateFrom("export_profile"), arena.allocateFrom("srgb"),
                        arena.allocateFrom("option_string"), arena.allocateFrom(LOADER_OPTIONS),
                        MemorySegment.NULL);
                return result(result);
            } catch (Throwable e) {
                throw Vips.rethrow(e);
            }
        }

        MemorySegment flattenOnWhite(MemorySegment image) {
            MemorySegment white = arena.allocate(ValueLayout.JAVA_DOUBLE);
            white.set(ValueLayout.JAVA_DOUBLE, 0, 255.0);
            try {
                MemorySegment background = (MemorySegment) vips.arrayDoubleNew.invokeExact(white, 1);
                try {
                    return result((int) vips.flatten.invokeExact(image, out, arena.allocateFrom("background"), background,
                            MemorySegment.NULL));
                } finally {
                    vips.areaUnref.invokeExact(background);
                }
            } catch (Throwable e) {
                throw Vips.rethrow(e);
            }
        }

        /** Computes the pixels now, into memory, so each variant cut from it does not decode again. */
        MemorySegment copyMemory(MemorySegment image) {
            try {
                MemorySegment copy = (MemorySegment) vips.imageCopyMemory.invokeExact(image);
                if (copy.equals(MemorySegment.NULL)) {
                    throw failure();
                }
                return own(copy);
            } catch (Throwable e) {
                throw Vips.rethrow(e);
            }
        }

        MemorySegment resizeToWidth(MemorySegment image, int width) {
            int current = width(image);
            if (width == current) {
                return image;
            }
            try {
                return result((int) vips.resize.invokeExact(image, out, (double) width / current, MemorySegment.NULL));
            } catch (Throwable e) {
                throw Vips.rethrow(e);
            }
        }

        /** The largest square around the focus point, scaled to {@code size} (never enlarged). */
        MemorySegment squareAround(MemorySegment image, double focusX, double focusY, int size) {
            int width = width(image);
            int height = height(image);
            int side = Math.min(width, height);
            int left = Math.clamp(Math.round((focusX + 1) / 2 * width - side / 2.0), 0, width - side);
            int top = Math.clamp(Math.round((1 - focusY) / 2 * height - side / 2.0), 0, height - side);
            try {
                MemorySegment square = result((int) vips.extractArea.invokeExact(image, out, left, top, side, side,
                        MemorySegment.NULL));
                return resizeToWidth(square, Math.min(size, side));
            } catch (Throwable e) {
                throw Vips.rethrow(e);
            }
        }

        Variants.Variant jpeg(MemorySegment image, int quality) {
            MemorySegment bufferOut = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment lengthOut = arena.allocate(ValueLayout.JAVA_LONG);
            try {
                int result = (int) vips.jpegsaveBuffer.invokeExact(image, bufferOut, lengthOut,
                        arena.allocateFrom("Q"), quality,
                        arena.allocateFrom("strip"), 1,
                        arena.allocateFrom("optimize_coding"), 1,
                        arena.allocateFrom("interlace"), 1,
                        MemorySegment.NULL);
                if (result != 0) {
                    throw failure();
                }
                long length = lengthOut.get(ValueLayout.JAVA_LONG, 0);
                MemorySegment encoded = bufferOut.get(ValueLayout.ADDRESS, 0).reinterpret(length);
                try {
                    return new Variants.Variant(encoded.toArray(ValueLayout.JAVA_BYTE), width(image), height(image));
                } finally {
                    vips.free(encoded);
                }
            } catch (Throwable e) {
                throw Vips.rethrow(e);
            }
        }

        String blurhash(MemorySegment image) {
            MemorySegment tiny = resizeToWidth(image, Math.min(BLURHASH_WIDTH, width(image)));
            try {
                MemorySegment srgb = result((int) vips.colourspace.invokeExact(tiny, out, Vips.INTERPRETATION_SRGB,
                        MemorySegment.NULL));
                MemorySegment bytes = result((int) vips.cast.invokeExact(srgb, out, Vips.FORMAT_UCHAR, MemorySegment.NULL));
                if ((int) vips.imageGetBands.invokeExact(bytes) != 3) {
                    return null;
                }
                MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
                MemorySegment pixels = (MemorySegment) vips.imageWriteToMemory.invokeExact(bytes, size);
                if (pixels.equals(MemorySegment.NULL)) {
                    throw failure();
                }
                try {
                    byte[] rgb = pixels.reinterpret(size.get(ValueLayout.JAVA_LONG, 0)).toArray(ValueLayout.JAVA_BYTE);
                    return Blurhash.encode(rgb, width(bytes), height(bytes), BLURHASH_COMPONENTS_X, BLURHASH_COMPONENTS_Y);
                } finally {
                    vips.free(pixels);
                }
            } catch (Throwable e) {
                throw Vips.rethrow(e);
            }
        }

        private MemorySegment result(int status) {
            if (status != 0) {
                throw failure();
            }
            return own(out.get(ValueLayout.ADDRESS, 0));
        }

        private MemorySegment own(MemorySegment image) {
            if (image.equals(MemorySegment.NULL)) {
                throw failure();
            }
            owned.push(image);
            return image;
        }

        private InvalidImageException failure() {
            String detail = vips.lastError();
            log.debug("libvips refused an image: {}", detail);
            return new InvalidImageException(detail.contains("truncated") || detail.contains("Premature end")
                    ? "The image is truncated" : "The image is damaged and cannot be read");
        }

        @Override
        public void close() {
            while (!owned.isEmpty()) {
                vips.unref(owned.pop());
            }
        }
    }
}
