package com.graminsta.platform.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DimensionsTests {

    @Test
    void squareFillsTheBudgetExactly() {
        assertThat(new Dimensions(2000, 2000).withinPixels(230_400)).isEqualTo(new Dimensions(480, 480));
    }

    @Test
    void portraitAndLandscapeKeepTheirShapeWithinTheBudget() {
        Dimensions portrait = new Dimensions(1080, 1350).withinPixels(230_400);
        Dimensions landscape = new Dimensions(4000, 3000).withinPixels(230_400);

        assertThat(portrait).isEqualTo(new Dimensions(429, 536));
        assertThat(landscape).isEqualTo(new Dimensions(554, 415));
        assertThat((long) portrait.width() * portrait.height()).isLessThanOrEqualTo(230_400);
        assertThat(portrait.aspect()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(0.005));
    }

    @Test
    void smallerImagesAreNeverEnlarged() {
        assertThat(new Dimensions(300, 200).withinPixels(230_400)).isEqualTo(new Dimensions(300, 200));
    }

    @Test
    void extremeShapesKeepAtLeastOnePixel() {
        assertThat(new Dimensions(100_000, 1).withinPixels(230_400)).isEqualTo(new Dimensions(100_000, 1));
        assertThat(new Dimensions(1_000_000, 2).withinPixels(230_400).height()).isEqualTo(1);
    }

    @Test
    void emptyImagesDoNotExist() {
        assertThatThrownBy(() -> new Dimensions(0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
