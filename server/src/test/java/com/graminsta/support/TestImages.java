package com.graminsta.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

/** Images made in the test, including a phone-style JPEG that carries GPS, device and time metadata. */
public final class TestImages {

    public static final String DEVICE = "GraminstaPhone";
    public static final String TAKEN_AT = "2026:11:27 10:00:00";

    private TestImages() {
    }

    public static byte[] png(int width, int height) {
        return encode(picture(width, height), "png");
    }

    public static byte[] jpeg(int width, int height) {
        return encode(picture(width, height), "jpeg");
    }

    /** A JPEG with an EXIF block naming the device, the time, GPS coordinates and an orientation. */
    public static byte[] phoneJpeg(int width, int height, int orientation) {
        return withExif(jpeg(width, height), orientation);
    }

    /**
     * A phone photo as the sensor stored it, sideways: its left half red, its right half blue, and
     * EXIF orientation 6 (turn 90° clockwise to view). Upright, red is on top and blue below.
     */
    public static byte[] sidewaysPhoneJpeg(int storedWidth, int storedHeight) {
        BufferedImage image = new BufferedImage(storedWidth, storedHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.RED);
        graphics.fillRect(0, 0, storedWidth / 2, storedHeight);
        graphics.setColor(Color.BLUE);
        graphics.fillRect(storedWidth / 2, 0, storedWidth - storedWidth / 2, storedHeight);
        graphics.dispose();
        return withExif(encode(image, "jpeg"), 6);
    }

    private static byte[] withExif(byte[] jpeg, int orientation) {
        byte[] exif = exif(orientation);
        // After SOI and the JFIF APP0 segment, where cameras put APP1.
        int app0Length = ((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff);
        int insertAt = 4 + app0Length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, insertAt);
        int segmentLength = 2 + 6 + exif.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(segmentLength >> 8);
        out.write(segmentLength & 0xff);
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(exif);
        out.write(jpeg, insertAt, jpeg.length - insertAt);
        return out.toByteArray();
    }

    /** A WebP made by libvips's command-line tool from a PNG. */
    public static byte[] webp(int width, int height) {
        return convertWithVips(png(width, height), "png", "webp");
    }

    public static byte[] heic(int width, int height) {
        return convertWithVips(png(width, height), "png", "heic");
    }

    /** A PNG header claiming a huge canvas, with almost no data behind it. */
    public static byte[] pngClaiming(int width, int height) {
        byte[] real = png(8, 8);
        ByteBuffer header = ByteBuffer.wrap(real);
        header.putInt(16, width);
        header.putInt(20, height);
        // The IHDR checksum no longer matches; readers that check it refuse the file, as they should.
        return real;
    }

    private static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(30, 120, 200));
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(new Color(240, 180, 40));
        graphics.fillOval(width / 4, height / 4, width / 2, height / 2);
        graphics.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] exif(int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        int gpsIfd = 62;
        int make = 116;
        int dateTime = 131;
        int latitude = 152;
        int longitude = 176;
        tiff.position(8);
        tiff.putShort((short) 4);
        entry(tiff, 0x010F, 2, DEVICE.length() + 1, make);
        entry(tiff, 0x0112, 3, 1, orientation);
        entry(tiff, 0x0132, 2, 20, dateTime);
        entry(tiff, 0x8825, 4, 1, gpsIfd);
        tiff.putInt(0);
        tiff.position(gpsIfd);
        tiff.putShort((short) 4);
        entry(tiff, 0x0001, 2, 2, 'N');
        entry(tiff, 0x0002, 5, 3, latitude);
        entry(tiff, 0x0003, 2, 2, 'E');
        entry(tiff, 0x0004, 5, 3, longitude);
        tiff.putInt(0);
        tiff.position(make);
        tiff.put((DEVICE + "\0").getBytes(StandardCharsets.US_ASCII));
        tiff.position(dateTime);
        tiff.put((TAKEN_AT + "\0").getBytes(StandardCharsets.US_ASCII));
        tiff.position(latitude);
        degreesMinutesSeconds(tiff, 52, 31, 12);
        tiff.position(longitude);
        degreesMinutesSeconds(tiff, 13, 24, 36);
        return tiff.array();
    }

    private static void entry(ByteBuffer tiff, int tag, int type, int count, int value) {
        tiff.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
    }

    /** Three TIFF rationals, each a whole number over one. */
    private static void degreesMinutesSeconds(ByteBuffer tiff, int degrees, int minutes, int seconds) {
        for (int value : new int[] {degrees, minutes, seconds}) {
            tiff.putInt(value).putInt(1);
        }
    }

    private static byte[] convertWithVips(byte[] input, String from, String to) {
        try {
            Path dir = Files.createTempDirectory("graminsta-vips");
            Path source = dir.resolve("in." + from);
            Path target = dir.resolve("out." + to);
            Files.write(source, input);
            Process process = new ProcessBuilder("vips", "copy", source.toString(), target.toString())
                    .redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("vips could not make a " + to);
            }
            byte[] bytes = Files.readAllBytes(target);
            Files.delete(source);
            Files.delete(target);
            Files.delete(dir);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
