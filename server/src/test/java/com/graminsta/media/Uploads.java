package com.graminsta.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

import com.graminsta.support.TestImages;

/** Files to upload, good and bad, made in the test. */
final class Uploads {

    private Uploads() {
    }

    static byte[] gif(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.RED);
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(Color.BLUE);
        graphics.fillOval(0, 0, width, height);
        graphics.dispose();
        return encode(image, "gif");
    }

    static byte[] webp(int width, int height) {
        return TestImages.webp(width, height);
    }

    static byte[] heic(int width, int height) {
        return TestImages.heic(width, height);
    }

    static boolean vipsCommandAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/vips"));
    }

    /** A few KB of valid JPEG whose frame header claims another size. */
    static byte[] jpegClaiming(int width, int height) {
        byte[] jpeg = TestImages.jpeg(64, 48);
        for (int at = 2; at < jpeg.length; ) {
            int marker = jpeg[at + 1] & 0xFF;
            int length = (jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF);
            if (marker == 0xC0 || marker == 0xC2) {
                jpeg[at + 5] = (byte) (height >> 8);
                jpeg[at + 6] = (byte) height;
                jpeg[at + 7] = (byte) (width >> 8);
                jpeg[at + 8] = (byte) width;
                return jpeg;
            }
            at += 2 + length;
        }
        throw new IllegalStateException("No frame header in the test JPEG");
    }

    /** A tiny GIF whose logical screen is 65,535 × 65,535: decoders allocate the screen. */
    static byte[] gifWithHugeScreen() {
        byte[] gif = gif(1, 1);
        gif[6] = (byte) 0xFF;
        gif[7] = (byte) 0xFF;
        gif[8] = (byte) 0xFF;
        gif[9] = (byte) 0xFF;
        return gif;
    }

    /** A GIF of thousands of 1×1 frames: cheap to send, costly for a decoder that walks them all. */
    static byte[] gifWithFrames(int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {1, 0, 1, 0, (byte) 0x80, 0, 0}); // 1×1 screen, 2-colour global table
        out.writeBytes(new byte[] {0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        for (int i = 0; i < frames; i++) {
            out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0}); // image descriptor
            out.writeBytes(new byte[] {2, 2, 0x44, 0x01, 0}); // LZW data for one pixel
        }
        out.write(0x3B);
        return out.toByteArray();
    }

    static byte[] truncated(byte[] image) {
        return Arrays.copyOf(image, image.length * 3 / 5);
    }

    static byte[] svg() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
                  <script>alert(1)</script><circle cx="50" cy="50" r="40" fill="red"/>
                </svg>
                """.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] text() {
        return "Just some words, not a photo.\n".repeat(20).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
