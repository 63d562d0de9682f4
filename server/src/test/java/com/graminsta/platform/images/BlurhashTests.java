package com.graminsta.platform.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class BlurhashTests {

    @Test
    void oneComponentIsTheAverageColourInBase83() {
        // Size flag "0" (1 × 1), maximum "0", then #FFFFFF and #808080 as four base-83 digits.
        assertThat(Blurhash.encode(solid(255), 8, 6, 1, 1)).isEqualTo("00TSUA");
        assertThat(Blurhash.encode(solid(128), 8, 6, 1, 1)).isEqualTo("00Eyb[");
    }

    @Test
    void fourByThreeComponentsStartWithTheirSizeFlagAndAverage() {
        String hash = Blurhash.encode(solid(255), 8, 6, 4, 3);

        assertThat(hash).hasSize(28).startsWith("L");
        assertThat(hash.substring(2, 6)).isEqualTo("TSUA");
    }

    private static byte[] solid(int value) {
        byte[] rgb = new byte[8 * 6 * 3];
        Arrays.fill(rgb, (byte) value);
        return rgb;
    }

    @Test
    void differentPicturesGiveDifferentHashesOfTheSameLength() {
        String gradient = Blurhash.encode(gradient(32, 24, false), 32, 24, 4, 3);
        String flipped = Blurhash.encode(gradient(32, 24, true), 32, 24, 4, 3);

        assertThat(gradient).hasSize(28).isNotEqualTo(flipped);
        assertThat(flipped).hasSize(28);
    }

    @Test
    void componentCountsOutsideOneToNineAreRefused() {
        assertThatThrownBy(() -> Blurhash.encode(new byte[3], 1, 1, 0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Blurhash.encode(new byte[3], 1, 1, 4, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] gradient(int width, int height, boolean flip) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = 3 * (y * width + x);
                int column = flip ? width - 1 - x : x;
                rgb[at] = (byte) (column * 8);
                rgb[at + 1] = (byte) (y * 10);
                rgb[at + 2] = (byte) ((column * y) % 256);
            }
        }
        return rgb;
    }
}
