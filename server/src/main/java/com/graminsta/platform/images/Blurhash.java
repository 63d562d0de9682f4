package com.graminsta.platform.images;

/**
 * The BlurHash encoding (blurha.sh): a few DCT components of a small image in base 83, which
 * clients paint as a blurred placeholder while the photo loads. A port of the reference encoder.
 */
public final class Blurhash {

    private static final String BASE83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    private Blurhash() {
    }

    /**
     * @param rgb pixels as 3 bytes each (red, green, blue), row by row
     * @param componentsX horizontal components, 1 to 9
     * @param componentsY vertical components, 1 to 9
     */
    public static String encode(byte[] rgb, int width, int height, int componentsX, int componentsY) {
        if (componentsX < 1 || componentsX > 9 || componentsY < 1 || componentsY > 9) {
            throw new IllegalArgumentException("BlurHash takes 1 to 9 components each way");
        }
        if (rgb.length < 3L * width * height) {
            throw new IllegalArgumentException("Expected " + width + " × " + height + " RGB pixels");
        }
        double[] linear = new double[3 * width * height];
        for (int i = 0; i < linear.length; i++) {
            linear[i] = SrgbTable.LINEAR[rgb[i] & 0xFF];
        }
        double[][] factors = new double[componentsX * componentsY][];
        for (int y = 0; y < componentsY; y++) {
            for (int x = 0; x < componentsX; x++) {
                factors[y * componentsX + x] = basis(linear, width, height, x, y);
            }
        }

        StringBuilder hash = new StringBuilder();
        base83(hash, (componentsX - 1) + (componentsY - 1) * 9, 1);
        double maximum = 1;
        if (factors.length > 1) {
            double actualMaximum = 0;
            for (int i = 1; i < factors.length; i++) {
                for (double value : factors[i]) {
                    actualMaximum = Math.max(actualMaximum, Math.abs(value));
                }
            }
            int quantised = (int) Math.max(0, Math.min(82, Math.floor(actualMaximum * 166 - 0.5)));
            maximum = (quantised + 1) / 166.0;
            base83(hash, quantised, 1);
        } else {
            base83(hash, 0, 1);
        }
        double[] dc = factors[0];
        base83(hash, (toSrgb(dc[0]) << 16) + (toSrgb(dc[1]) << 8) + toSrgb(dc[2]), 4);
        for (int i = 1; i < factors.length; i++) {
            double[] ac = factors[i];
            base83(hash, quantise(ac[0], maximum) * 19 * 19 + quantise(ac[1], maximum) * 19 + quantise(ac[2], maximum), 2);
        }
        return hash.toString();
    }

    private static double[] basis(double[] linear, int width, int height, int componentX, int componentY) {
        double r = 0;
        double g = 0;
        double b = 0;
        double normalisation = componentX == 0 && componentY == 0 ? 1 : 2;
        for (int y = 0; y < height; y++) {
            double basisY = Math.cos(Math.PI * componentY * y / height);
            for (int x = 0; x < width; x++) {
                double basis = normalisation * Math.cos(Math.PI * componentX * x / width) * basisY;
                int at = 3 * (y * width + x);
                r += basis * linear[at];
                g += basis * linear[at + 1];
                b += basis * linear[at + 2];
            }
        }
        double scale = 1.0 / (width * height);
        return new double[] {r * scale, g * scale, b * scale};
    }

    private static int quantise(double value, double maximum) {
        return (int) Math.max(0, Math.min(18, Math.floor(signedPow(value / maximum, 0.5) * 9 + 9.5)));
    }

    private static double signedPow(double value, double exponent) {
        return Math.copySign(Math.pow(Math.abs(value), exponent), value);
    }

    private static int toSrgb(double linear) {
        double v = Math.max(0, Math.min(1, linear));
        return v <= 0.0031308
                ? (int) (v * 12.92 * 255 + 0.5)
                : (int) ((1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
    }

    private static void base83(StringBuilder out, int value, int length) {
        for (int i = 1; i <= length; i++) {
            int digit = (value / (int) Math.pow(83, length - i)) % 83;
            out.append(BASE83.charAt(digit));
        }
    }

    private static final class SrgbTable {
        static final double[] LINEAR = new double[256];

        static {
            for (int i = 0; i < 256; i++) {
                double v = i / 255.0;
                LINEAR[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
            }
        }
    }
}
