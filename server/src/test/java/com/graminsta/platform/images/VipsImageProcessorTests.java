package com.graminsta.platform.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import javax.imageio.ImageIO;

import com.graminsta.support.TestImages;
import org.junit.jupiter.api.Test;

/** The libvips pipeline on its own, without a server. */
class VipsImageProcessorTests {

    private static final VariantSpec SPEC = new VariantSpec(1080, 640, 230_400, 480, 0, 0, 82);

    private final VipsImageProcessor processor = new VipsImageProcessor();

    private Variants process(byte[] image) {
        return processor.process(image, ImageHeader.read(image), SPEC);
    }

    @Test
    void makesEveryVariantFromOneDecode() {
        Variants variants = process(TestImages.jpeg(4000, 3000));

        assertThat(variants.width()).isEqualTo(4000);
        assertThat(variants.height()).isEqualTo(3000);
        assertThat(size(variants.feed())).containsExactly(1080, 810);
        assertThat(size(variants.small())).containsExactly(640, 480);
        assertThat(size(variants.preview())).containsExactly(554, 416);
        assertThat(size(variants.thumb())).containsExactly(480, 480);
        assertThat(variants.blurhash()).hasSize(28);
    }

    @Test
    void previewKeepsAPortraitsShapeInMastodonsPixelBudget() {
        Variants variants = process(TestImages.jpeg(3000, 4000));

        assertThat(size(variants.preview())).containsExactly(415, 553);
        assertThat(size(variants.thumb())).containsExactly(480, 480);
    }

    @Test
    void panoramaPreviewMayBeWiderThanTheFeedVariant() {
        Variants variants = process(TestImages.jpeg(12000, 1000));

        assertThat(size(variants.feed())).containsExactly(1080, 90);
        assertThat(size(variants.preview())).containsExactly(1662, 138);
    }

    @Test
    void previewMadeLaterFromAnotherVariantKeepsItsShape() {
        byte[] feed = process(TestImages.jpeg(1200, 1600)).feed().jpeg();

        Variants.Variant preview = processor.withinPixels(feed, ImageHeader.read(feed), 230_400, 82);

        assertThat(size(preview)).containsExactly(415, 553);
    }

    @Test
    void panoramaThumbnailStillFillsTheSquare() {
        Variants variants = process(TestImages.jpeg(6000, 1000));

        assertThat(size(variants.feed())).containsExactly(1080, 180);
        assertThat(size(variants.thumb())).containsExactly(480, 480);
    }

    @Test
    void transparencyBecomesWhite() throws Exception {
        BufferedImage clear = new BufferedImage(200, 100, BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = clear.createGraphics();
        graphics.setColor(new Color(0, 0, 0, 0));
        graphics.fillRect(0, 0, 200, 100);
        graphics.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(clear, "png", png);

        Variants variants = process(png.toByteArray());

        int pixel = ImageIO.read(new ByteArrayInputStream(variants.feed().jpeg())).getRGB(100, 50) & 0xFFFFFF;
        assertThat(pixel).isGreaterThanOrEqualTo(0xF0F0F0);
    }

    @Test
    void imageTruncatedPastTheHeaderCheckIsRefusedWhenDecoding() {
        byte[] whole = TestImages.jpeg(2000, 1500);
        ImageHeader header = ImageHeader.read(whole);
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);

        assertThatThrownBy(() -> processor.process(cut, header, SPEC))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void fileClaimingMorePixelsThanTheCheckedHeaderIsRefused() {
        byte[] image = TestImages.jpeg(400, 300);
        ImageHeader smaller = new ImageHeader(ImageFormat.JPEG, 40, 30, 1);

        assertThatThrownBy(() -> processor.process(image, smaller, SPEC)).hasMessage("The image is damaged");
    }

    @Test
    void phoneOrientationIsApplied() {
        Variants variants = process(TestImages.phoneJpeg(1600, 1200, 6));

        assertThat(variants.width()).isEqualTo(1200);
        assertThat(variants.height()).isEqualTo(1600);
        assertThat(size(variants.feed())).containsExactly(1080, 1440);
    }

    @Test
    void acceptsHeicAndAvifWhereLibheifIsInstalled() {
        assertThat(processor.formats()).contains(ImageFormat.JPEG, ImageFormat.PNG, ImageFormat.GIF, ImageFormat.WEBP);
    }

    private static int[] size(Variants.Variant variant) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(variant.jpeg()));
            assertThat(image.getWidth()).isEqualTo(variant.width());
            assertThat(image.getHeight()).isEqualTo(variant.height());
            return new int[] {image.getWidth(), image.getHeight()};
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
