import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The lab's photos: landscapes (a sky, a sun, ridges, water, film grain) drawn with the JDK alone,
 * in the shapes phones take (4:3, 4:5, square, 16:9), written as JPEGs. dataset.sh uploads them
 * through the API, so the server's own pipeline makes their variants.
 *
 * <pre>java Photos.java OUTPUT_DIR COUNT SEED</pre>
 */
public class Photos {

    private static final int[][] SHAPES = {{1600, 1200}, {1080, 1350}, {1440, 1440}, {1920, 1080}};

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java Photos.java OUTPUT_DIR COUNT SEED");
            System.exit(2);
        }
        Path output = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        Files.createDirectories(output);
        for (int n = 1; n <= count; n++) {
            // Scrambled: java.util.Random's first draws from nearby seeds are alike.
            Random random = new Random((seed * 1_000 + n) * 0x9E3779B97F4A7C15L);
            int[] shape = SHAPES[(n - 1) % SHAPES.length];
            write(landscape(shape[0], shape[1], random), output.resolve("photo-%02d.jpg".formatted(n)));
        }
    }

    static BufferedImage landscape(int width, int height, Random random) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float hue = random.nextFloat();
        int horizon = (int) (height * (0.55 + random.nextDouble() * 0.15));

        Color high = Color.getHSBColor(hue, 0.55f, 0.45f + random.nextFloat() * 0.3f);
        Color low = Color.getHSBColor((hue + 0.08f) % 1, 0.45f, 0.85f + random.nextFloat() * 0.15f);
        g.setPaint(new GradientPaint(0, 0, high, 0, horizon, low));
        g.fillRect(0, 0, width, horizon);

        int sun = Math.max(width, height) / (8 + random.nextInt(6));
        int sunX = (int) (width * (0.2 + random.nextDouble() * 0.6));
        int sunY = (int) (horizon * (0.3 + random.nextDouble() * 0.5));
        g.setColor(Color.getHSBColor((hue + 0.12f) % 1, 0.35f, 1f));
        g.fillOval(sunX - sun / 2, sunY - sun / 2, sun, sun);

        for (int ridge = 0; ridge < 3; ridge++) {
            float brightness = 0.15f + ridge * 0.12f + random.nextFloat() * 0.05f;
            g.setColor(Color.getHSBColor((hue + 0.5f + ridge * 0.03f) % 1, 0.35f, brightness));
            int base = horizon - (int) (height * 0.02 * ridge);
            g.fillPolygon(ridge(width, base, (int) (height * (0.25 - ridge * 0.06)), random));
        }

        g.setPaint(new GradientPaint(0, horizon, low.darker(), 0, height, high.darker().darker()));
        g.fillRect(0, horizon, width, height - horizon);
        g.setStroke(new BasicStroke(2));
        for (int line = 0; line < 40; line++) {
            int y = horizon + random.nextInt(Math.max(1, height - horizon));
            int x = random.nextInt(width);
            g.setColor(new Color(255, 255, 255, 20 + random.nextInt(40)));
            g.drawLine(x, y, x + width / 10 + random.nextInt(width / 5), y);
        }
        g.dispose();
        grain(image, random);
        return image;
    }

    private static Polygon ridge(int width, int base, int amplitude, Random random) {
        Polygon polygon = new Polygon();
        polygon.addPoint(0, base);
        double y = base - amplitude * random.nextDouble();
        for (int x = 0; x <= width; x += Math.max(8, width / 60)) {
            y = Math.max(base - amplitude, Math.min(base, y + (random.nextDouble() - 0.5) * amplitude * 0.35));
            polygon.addPoint(x, (int) y);
        }
        polygon.addPoint(width, base);
        return polygon;
    }

    /** Film grain: what makes a drawn picture compress like a photograph. */
    private static void grain(BufferedImage image, Random random) {
        int[] row = new int[image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, row.length, 1, row, 0, row.length);
            for (int x = 0; x < row.length; x++) {
                int rgb = row[x];
                int noise = random.nextInt(17) - 8;
                row[x] = (clamp(((rgb >> 16) & 0xff) + noise) << 16) | (clamp(((rgb >> 8) & 0xff) + noise) << 8)
                        | clamp((rgb & 0xff) + noise);
            }
            image.setRGB(0, y, row.length, 1, row, 0, row.length);
        }
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private static void write(BufferedImage image, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam params = writer.getDefaultWriteParam();
        params.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        params.setCompressionQuality(0.9f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), params);
        } finally {
            writer.dispose();
        }
    }
}
