package com.graminsta.platform.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

import com.graminsta.support.TestImages;
import org.junit.jupiter.api.Test;

class ImageHeaderTests {

    @Test
    void readsFormatAndSizeOfJpegPngAndGif() throws Exception {
        assertThat(ImageHeader.read(TestImages.jpeg(640, 480))).isEqualTo(new ImageHeader(ImageFormat.JPEG, 640, 480, 1));
        assertThat(ImageHeader.read(TestImages.png(300, 200))).isEqualTo(new ImageHeader(ImageFormat.PNG, 300, 200, 1));
        assertThat(ImageHeader.read(gif(120, 90))).isEqualTo(new ImageHeader(ImageFormat.GIF, 120, 90, 1));
    }

    @Test
    void readsWebpAndHeicMadeByLibvips() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/vips")), "the vips command makes the files");
        assertThat(ImageHeader.read(vipsConvert(TestImages.png(301, 203), "webp")))
                .isEqualTo(new ImageHeader(ImageFormat.WEBP, 301, 203, 1));
        assertThat(ImageHeader.read(vipsConvert(TestImages.png(301, 203), "webp[lossless]")))
                .isEqualTo(new ImageHeader(ImageFormat.WEBP, 301, 203, 1));
        ImageHeader heic = ImageHeader.read(vipsConvert(TestImages.png(320, 240), "heic"));
        assertThat(heic.format()).isEqualTo(ImageFormat.HEIC);
        assertThat(heic.pixels()).isGreaterThanOrEqualTo(320 * 240);
        assertThat(ImageHeader.read(vipsConvert(TestImages.png(320, 240), "avif")).format()).isEqualTo(ImageFormat.AVIF);
    }

    @Test
    void theFormatComesFromTheBytesNotTheName() {
        assertThat(ImageHeader.sniff(TestImages.png(10, 10))).isEqualTo(ImageFormat.PNG);
        assertThat(ImageFormat.byFileName("holiday.JPG")).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.byMimeType("image/jpeg; charset=binary")).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.byMimeType("application/octet-stream")).isEmpty();
    }

    @Test
    void truncatedFilesOfEveryFormatAreRefused() throws Exception {
        for (byte[] image : new byte[][] {TestImages.jpeg(400, 300), TestImages.png(400, 300), gif(400, 300)}) {
            byte[] cut = Arrays.copyOf(image, image.length / 2);
            assertThatThrownBy(() -> ImageHeader.read(cut)).hasMessage("The image is truncated");
        }
    }

    @Test
    void hugeCanvasIsRefusedFromTheHeaderAlone() {
        byte[] bomb = jpegClaiming(TestImages.jpeg(16, 16), 64_000, 64_000);

        ImageHeader header = ImageHeader.read(bomb);

        assertThat(header.pixels()).isEqualTo(64_000L * 64_000);
        assertThatThrownBy(() -> header.requireAtMostPixels(50_000_000))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("The image is 64000 × 64000 pixels; at most 50 megapixels are accepted");
    }

    @Test
    void pngWhoseHeaderChecksumIsWrongIsDamaged() {
        assertThatThrownBy(() -> ImageHeader.read(TestImages.pngClaiming(100_000, 100_000))).hasMessage("The image is damaged");
    }

    @Test
    void gifFrameBeyondTheScreenGrowsTheCanvas() throws Exception {
        byte[] image = gif(10, 10);
        // The first image descriptor follows the header, the global colour table and any extensions.
        int descriptor = indexOf(image, (byte) 0x2C);
        image[descriptor + 5] = (byte) 0x40; // width 0x9C40 = 40,000
        image[descriptor + 6] = (byte) 0x9C;

        assertThat(ImageHeader.read(image).width()).isEqualTo(40_000);
    }

    @Test
    void svgAndTextAreNotImages() {
        assertThatThrownBy(() -> ImageHeader.read("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("SVG images are not accepted");
        assertThatThrownBy(() -> ImageHeader.read("hello".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not an image");
        assertThatThrownBy(() -> ImageHeader.read(new byte[0])).hasMessageContaining("not an image");
    }

    static byte[] gif(int width, int height) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED), "gif", out);
        return out.toByteArray();
    }

    static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        for (int at = 2; at < jpeg.length; ) {
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == 0xC0 || marker == 0xC2) {
                jpeg[at + 5] = (byte) (height >> 8);
                jpeg[at + 6] = (byte) height;
                jpeg[at + 7] = (byte) (width >> 8);
                jpeg[at + 8] = (byte) width;
                return jpeg;
            }
            at += 2 + ((jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF));
        }
        throw new IllegalStateException("no frame header");
    }

    static byte[] vipsConvert(byte[] png, String target) throws Exception {
        Path dir = Files.createTempDirectory("header-test");
        Path in = dir.resolve("in.png");
        Files.write(in, png);
        String extension = target.contains("[") ? target.substring(0, target.indexOf('[')) : target;
        String options = target.contains("[") ? target.substring(target.indexOf('[')) : "";
        Path out = dir.resolve("out." + extension);
        Process process = new ProcessBuilder("vips", "copy", in.toString(), out + options).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).isZero();
        return Files.readAllBytes(out);
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 13; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new IllegalStateException();
    }
}
