package com.graminsta.platform.images;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * What an image file says about itself, read from its structure without decoding a pixel: the
 * real format (from magic bytes), the canvas size and, for GIFs, the frame count. Reading also
 * walks the file's segments, chunks or boxes to the end, so a truncated file is refused here,
 * in microseconds, before any decoder sees it.
 *
 * @param width the stored width, before any EXIF rotation
 * @param height the stored height, before any EXIF rotation
 * @param frames frames in an animation (GIF), otherwise 1
 */
public record ImageHeader(ImageFormat format, int width, int height, int frames) {

    /** Beyond this a GIF is refused: only the first frame is used, and each frame costs the decoder's scan. */
    public static final int MAX_GIF_FRAMES = 2000;

    private static final String EXPECTED = "JPEG, PNG, WebP or GIF";

    public long pixels() {
        return (long) width * height;
    }

    /** Refuses images whose canvas is above {@code maxPixels}, as decompression bombs are. */
    public ImageHeader requireAtMostPixels(long maxPixels) {
        if (pixels() > maxPixels) {
            throw new InvalidImageException("The image is " + width + " × " + height + " pixels; at most "
                    + maxPixels / 1_000_000 + " megapixels are accepted");
        }
        return this;
    }

    /** Reads and checks the header; {@link InvalidImageException} says what is wrong, for the user. */
    public static ImageHeader read(byte[] bytes) {
        Bytes in = new Bytes(bytes);
        ImageHeader header;
        try {
            header = switch (sniff(bytes)) {
                case JPEG -> jpeg(in);
                case PNG -> png(in);
                case GIF -> gif(in);
                case WEBP -> webp(in);
                case HEIC -> heif(in, ImageFormat.HEIC);
                case AVIF -> heif(in, ImageFormat.AVIF);
            };
        } catch (IndexOutOfBoundsException e) {
            throw truncated();
        }
        if (header.width() <= 0 || header.height() <= 0) {
            throw damaged();
        }
        return header;
    }

    /** The format the content is in, whatever its name or declared type say. */
    public static ImageFormat sniff(byte[] bytes) {
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            return ImageFormat.JPEG;
        }
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return ImageFormat.PNG;
        }
        if (startsWith(bytes, 0, 'G', 'I', 'F', '8') && bytes.length > 5 && (bytes[4] == '7' || bytes[4] == '9') && bytes[5] == 'a') {
            return ImageFormat.GIF;
        }
        if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
            return ImageFormat.WEBP;
        }
        if (startsWith(bytes, 4, 'f', 't', 'y', 'p')) {
            ImageFormat heif = heifBrand(bytes);
            if (heif != null) {
                return heif;
            }
        }
        if (looksLikeSvg(bytes)) {
            throw new InvalidImageException("SVG images are not accepted; upload a " + EXPECTED + " image");
        }
        throw new InvalidImageException("The file is not an image; upload a " + EXPECTED + " image");
    }

    // --- JPEG: markers up to the frame header, then the end-of-image marker after the scan data.

    private static ImageHeader jpeg(Bytes in) {
        int at = 2;
        int width = -1;
        int height = -1;
        while (true) {
            if (in.u8(at) != 0xFF) {
                throw damaged();
            }
            int marker = in.u8(at + 1);
            at += 2;
            if (marker == 0xFF) {
                at--; // fill byte
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            if (marker == 0xD9) {
                throw damaged();
            }
            int length = in.u16be(at);
            if (length < 2) {
                throw damaged();
            }
            in.require(at + length);
            if (isStartOfFrame(marker) && width < 0) {
                height = in.u16be(at + 3);
                width = in.u16be(at + 5);
            }
            if (marker == 0xDA) {
                if (width < 0) {
                    throw damaged();
                }
                // Scan data escapes 0xFF as FF 00, so FF D9 after the first scan is the end marker.
                if (!in.contains(at + length, 0xFF, 0xD9)) {
                    throw truncated();
                }
                return new ImageHeader(ImageFormat.JPEG, width, height, 1);
            }
            at += length;
        }
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    // --- PNG: IHDR first, its checksum right, and chunks that reach IEND.

    private static ImageHeader png(Bytes in) {
        if (in.u32be(8) != 13 || !in.hasAscii(12, "IHDR")) {
            throw damaged();
        }
        CRC32 crc = new CRC32();
        crc.update(in.bytes, 12, 17);
        if (crc.getValue() != in.u32be(29)) {
            throw damaged();
        }
        long width = in.u32be(16);
        long height = in.u32be(20);
        long at = 8;
        while (true) {
            long length = in.u32be((int) at);
            if (length > Integer.MAX_VALUE) {
                throw damaged();
            }
            boolean end = in.hasAscii((int) at + 4, "IEND");
            at += 12 + length;
            in.require(at);
            if (end) {
                break;
            }
        }
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw damaged();
        }
        return new ImageHeader(ImageFormat.PNG, (int) width, (int) height, 1);
    }

    // --- GIF: every block walked without decompressing; the canvas grows to cover every frame.

    private static ImageHeader gif(Bytes in) {
        int width = in.u16le(6);
        int height = in.u16le(8);
        int flags = in.u8(10);
        int at = 13 + colorTableSize(flags);
        int frames = 0;
        while (at < in.length()) {
            int block = in.u8(at);
            if (block == 0x3B) {
                break;
            } else if (block == 0x21) {
                at = skipSubBlocks(in, at + 2);
            } else if (block == 0x2C) {
                int right = in.u16le(at + 1) + in.u16le(at + 5);
                int bottom = in.u16le(at + 3) + in.u16le(at + 7);
                // Decoders size the canvas to hold every frame, so a frame beyond the declared screen grows it.
                width = Math.max(width, right);
                height = Math.max(height, bottom);
                at += 10 + colorTableSize(in.u8(at + 9));
                in.u8(at); // the LZW code size
                at = skipSubBlocks(in, at + 1);
                if (++frames > MAX_GIF_FRAMES) {
                    throw new InvalidImageException("The GIF has more than " + MAX_GIF_FRAMES + " frames");
                }
            } else {
                throw damaged();
            }
        }
        if (frames == 0) {
            throw truncated();
        }
        return new ImageHeader(ImageFormat.GIF, width, height, frames);
    }

    private static int colorTableSize(int flags) {
        return (flags & 0x80) == 0 ? 0 : 3 << ((flags & 0x07) + 1);
    }

    private static int skipSubBlocks(Bytes in, int at) {
        while (true) {
            int size = in.u8(at);
            at += 1 + size;
            if (size == 0) {
                return at;
            }
        }
    }

    // --- WebP: the RIFF container must hold all it declares; the size is in the first chunk.

    private static ImageHeader webp(Bytes in) {
        long riffEnd = 8 + in.u32le(4);
        in.require(riffEnd);
        int width;
        int height;
        if (in.hasAscii(12, "VP8 ")) {
            if (in.u8(23) != 0x9D || in.u8(24) != 0x01 || in.u8(25) != 0x2A) {
                throw damaged();
            }
            width = in.u16le(26) & 0x3FFF;
            height = in.u16le(28) & 0x3FFF;
        } else if (in.hasAscii(12, "VP8L")) {
            if (in.u8(20) != 0x2F) {
                throw damaged();
            }
            long bits = in.u32le(21);
            width = (int) (bits & 0x3FFF) + 1;
            height = (int) ((bits >> 14) & 0x3FFF) + 1;
        } else if (in.hasAscii(12, "VP8X")) {
            width = in.u24le(24) + 1;
            height = in.u24le(27) + 1;
        } else {
            throw damaged();
        }
        for (long at = 12; at < riffEnd; ) {
            long size = in.u32le((int) at + 4);
            at += 8 + size + (size & 1);
            if (at > riffEnd + 1) {
                throw truncated();
            }
        }
        return new ImageHeader(ImageFormat.WEBP, width, height, 1);
    }

    // --- HEIF (HEIC, AVIF): boxes must fit in the file; the largest declared image size counts.

    private static ImageFormat heifBrand(byte[] bytes) {
        Bytes in = new Bytes(bytes);
        try {
            long size = in.u32be(0);
            int end = (int) Math.min(Math.max(size, 16), Math.min(bytes.length, 256));
            boolean heic = false;
            for (int at = 8; at + 4 <= end; at += 4) {
                if (at == 12) {
                    continue; // minor version
                }
                String brand = new String(bytes, at, 4, StandardCharsets.ISO_8859_1);
                switch (brand) {
                    case "avif", "avis" -> {
                        return ImageFormat.AVIF;
                    }
                    case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1" -> heic = true;
                    default -> {
                    }
                }
            }
            return heic ? ImageFormat.HEIC : null;
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static ImageHeader heif(Bytes in, ImageFormat format) {
        long[] largest = {0, 0};
        walkBoxes(in, 0, in.length(), 0, largest);
        if (largest[0] == 0) {
            throw damaged();
        }
        return new ImageHeader(format, (int) largest[0], (int) largest[1], 1);
    }

    private static void walkBoxes(Bytes in, long from, long to, int depth, long[] largest) {
        long at = from;
        while (at + 8 <= to) {
            long size = in.u32be((int) at);
            String type = in.ascii((int) at + 4, 4);
            int headerSize = 8;
            if (size == 1) {
                size = in.u64be((int) at + 8);
                headerSize = 16;
            } else if (size == 0) {
                size = to - at;
            }
            if (size < headerSize || at + size > to) {
                throw at + size > in.length() ? truncated() : damaged();
            }
            long body = at + headerSize;
            switch (type) {
                case "meta" -> walkBoxes(in, body + 4, at + size, depth + 1, largest);
                case "iprp", "ipco" -> walkBoxes(in, body, at + size, depth + 1, largest);
                case "ispe" -> {
                    long width = in.u32be((int) body + 4);
                    long height = in.u32be((int) body + 8);
                    if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
                        throw damaged();
                    }
                    if (width * height > largest[0] * largest[1]) {
                        largest[0] = width;
                        largest[1] = height;
                    }
                }
                default -> {
                }
            }
            at += size;
        }
        if (depth == 0 && at != to) {
            throw truncated();
        }
    }

    // --- Helpers

    private static boolean looksLikeSvg(byte[] bytes) {
        String start = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.ISO_8859_1)
                .toLowerCase(java.util.Locale.ROOT);
        return start.contains("<svg") || (start.stripLeading().startsWith("<?xml") && start.contains("svg"));
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static InvalidImageException truncated() {
        return new InvalidImageException("The image is truncated");
    }

    private static InvalidImageException damaged() {
        return new InvalidImageException("The image is damaged");
    }

    /** Bounds-checked reads; running past the end throws IndexOutOfBoundsException, which means truncated. */
    private record Bytes(byte[] bytes) {

        int length() {
            return bytes.length;
        }

        void require(long end) {
            if (end > bytes.length) {
                throw new IndexOutOfBoundsException();
            }
        }

        int u8(int at) {
            return bytes[at] & 0xFF;
        }

        int u16be(int at) {
            return u8(at) << 8 | u8(at + 1);
        }

        int u16le(int at) {
            return u8(at) | u8(at + 1) << 8;
        }

        int u24le(int at) {
            return u8(at) | u8(at + 1) << 8 | u8(at + 2) << 16;
        }

        long u32be(int at) {
            return (long) u8(at) << 24 | u8(at + 1) << 16 | u8(at + 2) << 8 | u8(at + 3);
        }

        long u32le(int at) {
            return u8(at) | u8(at + 1) << 8 | u8(at + 2) << 16 | (long) u8(at + 3) << 24;
        }

        long u64be(int at) {
            long high = u32be(at);
            if (high > 0) {
                throw new InvalidImageException("The image is damaged");
            }
            return u32be(at + 4);
        }

        boolean hasAscii(int at, String text) {
            return ascii(at, text.length()).equals(text);
        }

        String ascii(int at, int length) {
            require(at + (long) length);
            return new String(bytes, at, length, StandardCharsets.ISO_8859_1);
        }

        /** Searched from the end, where the marker usually is. */
        boolean contains(int from, int first, int second) {
            for (int i = bytes.length - 2; i >= Math.max(from, 0); i--) {
                if ((bytes[i] & 0xFF) == first && (bytes[i + 1] & 0xFF) == second) {
                    return true;
                }
            }
            return false;
        }
    }
}
