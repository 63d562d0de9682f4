import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import com.graminsta.platform.images.ImageHeader;
import com.graminsta.platform.images.VariantSpec;
import com.graminsta.platform.images.Variants;
import com.graminsta.platform.images.VipsImageProcessor;

/**
 * The media benchmark: Graminsta's image pipeline (libvips in-process through FFM) side by side
 * with Debian's vipsthumbnail making the same three outputs from the same image. Not a test;
 * run.sh builds and runs it.
 *
 * <pre>
 *   generate OUT.jpg WIDTH HEIGHT      a photo-like JPEG (gradients, shapes, text, sensor noise)
 *   compare  IMAGE ITERATIONS OUTDIR   ms per image for both, alternating, after a warm-up
 *   memory   IMAGE                     peak memory of one run of each (this JVM's peak RSS, vipsthumbnail's via GNU time)
 * </pre>
 */
public class MediaBench {

    /** The same variants as media.MediaRules.VARIANTS. */
    static final VariantSpec SPEC = new VariantSpec(1080, 640, 230_400, 480, 0, 0, 82);
    static final String SAVE = "[Q=82,strip,optimize_coding,interlace]";

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "generate" -> generate(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "compare" -> compare(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            case "memory" -> memory(Path.of(args[1]));
            default -> {
                System.err.println("usage: MediaBench generate OUT W H | compare IMAGE N OUTDIR | memory IMAGE");
                System.exit(2);
            }
        }
    }

    static void compare(Path image, int iterations, Path outDir) throws Exception {
        byte[] bytes = Files.readAllBytes(image);
        ImageHeader header = ImageHeader.read(bytes);
        VipsImageProcessor processor = new VipsImageProcessor();
        Files.createDirectories(outDir);
        System.out.printf("image: %s, %d x %d (%.1f MP), %d KB%n", image.getFileName(), header.width(), header.height(),
                header.pixels() / 1e6, bytes.length / 1024);

        for (int i = 0; i < 3; i++) {
            processor.process(bytes, header, SPEC);
            vipsthumbnail(image, outDir, false);
        }
        double[] ours = new double[iterations];
        double[] theirs = new double[iterations];
        double[] feedOnly = new double[iterations];
        Variants last = null;
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            last = processor.process(bytes, ImageHeader.read(bytes), SPEC);
            ours[i] = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            vipsthumbnail(image, outDir, false);
            theirs[i] = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            run(vipsthumbnailCommand(image, FEED, outDir, false));
            feedOnly[i] = (System.nanoTime() - start) / 1e6;
        }
        Files.write(outDir.resolve("graminsta-feed.jpg"), last.feed().jpeg());
        Files.write(outDir.resolve("graminsta-small.jpg"), last.small().jpeg());
        Files.write(outDir.resolve("graminsta-preview.jpg"), last.preview().jpeg());
        Files.write(outDir.resolve("graminsta-thumb.jpg"), last.thumb().jpeg());

        System.out.printf("%-44s %8s %8s %8s%n", "all variants of one image (ms)", "median", "mean", "min");
        row("Graminsta, libvips through FFM (+blurhash)", ours);
        row("vipsthumbnail x3 (process start included)", theirs);
        row("vipsthumbnail, the feed variant alone", feedOnly);
        System.out.printf("ratio Graminsta / vipsthumbnail (median): %.2f%n", median(ours) / median(theirs));
        System.out.printf("outputs: feed %dx%d %d KB, small %dx%d, preview %dx%d, thumb %dx%d, blurhash %s (in %s)%n",
                last.feed().width(), last.feed().height(), last.feed().jpeg().length / 1024,
                last.small().width(), last.small().height(), last.preview().width(), last.preview().height(),
                last.thumb().width(), last.thumb().height(),
                last.blurhash(), outDir);
    }

    static void memory(Path image) throws Exception {
        byte[] bytes = Files.readAllBytes(image);
        ImageHeader header = ImageHeader.read(bytes);
        long before = status("VmRSS");
        Variants variants = new VipsImageProcessor().process(bytes, header, SPEC);
        long peak = status("VmHWM");
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("image: %s, %d x %d (%.1f MP), %d KB -> feed %dx%d%n", image.getFileName(), header.width(),
                header.height(), header.pixels() / 1e6, bytes.length / 1024, variants.feed().width(), variants.feed().height());
        System.out.printf("Graminsta JVM: peak RSS %d MB (RSS before processing %d MB, so +%d MB), peak Java heap used %d MB%n",
                peak / 1024, before / 1024, (peak - before) / 1024, heapPeak / (1024 * 1024));
        long vipsPeak = vipsthumbnail(image, Files.createTempDirectory("media-bench"), true);
        System.out.printf("vipsthumbnail: peak RSS %d MB (largest of its three runs)%n", vipsPeak / 1024);
    }

    static final String[] FEED = {"-s", "1080x", "feed"};
    static final String[] SMALL = {"-s", "640x", "small"};
    static final String[] THUMB = {"-s", "480x480", "--smartcrop", "centre", "thumb"};

    /** The three outputs, one vipsthumbnail run each; returns the largest peak RSS in KB when measured. */
    static long vipsthumbnail(Path image, Path outDir, boolean measure) throws IOException, InterruptedException {
        long peak = 0;
        for (String[] variant : new String[][] {FEED, SMALL, THUMB}) {
            peak = Math.max(peak, run(vipsthumbnailCommand(image, variant, outDir, measure)));
        }
        return peak;
    }

    /** vipsthumbnail with the pipeline's settings: sRGB, no metadata, the same JPEG options. */
    static List<String> vipsthumbnailCommand(Path image, String[] variant, Path outDir, boolean measure) {
        List<String> command = new ArrayList<>();
        if (measure) {
            command.addAll(List.of("/usr/bin/time", "-f", "PEAK_KB=%M"));
        }
        command.add("vipsthumbnail");
        command.add(image.toString());
        command.addAll(Arrays.asList(variant).subList(0, variant.length - 1));
        command.addAll(List.of("--export-profile", "srgb",
                "-o", outDir.resolve("vips-" + variant[variant.length - 1] + ".jpg") + SAVE));
        return command;
    }

    /** Runs a command; returns the peak RSS in KB that GNU time reported, or 0. */
    static long run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command.getFirst() + " failed: " + output);
        }
        long peak = 0;
        for (String line : output.split("\n")) {
            if (line.startsWith("PEAK_KB=")) {
                peak = Math.max(peak, Long.parseLong(line.substring(8).trim()));
            }
        }
        return peak;
    }

    static void generate(Path out, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 170), 0, height * 0.6f, new Color(250, 200, 150)));
        g.fillRect(0, 0, width, height);
        g.setPaint(new GradientPaint(0, height * 0.6f, new Color(60, 110, 40), 0, height, new Color(20, 50, 20)));
        g.fillRect(0, (int) (height * 0.6), width, height);
        Random random = new Random(42);
        for (int i = 0; i < 400; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 120));
            int size = width / 40 + random.nextInt(width / 12);
            g.fillOval(random.nextInt(width), random.nextInt(height), size, size / 2 + random.nextInt(size));
        }
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, height / 12));
        g.drawString("Graminsta media bench", width / 10, height / 5);
        g.dispose();
        // Sensor-like noise, so the JPEG has a photo's entropy rather than a drawing's.
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int n = random.nextInt(17) - 8;
                int r = clamp(((row[x] >> 16) & 0xFF) + n);
                int gr = clamp(((row[x] >> 8) & 0xFF) + n);
                int b = clamp((row[x] & 0xFF) + n);
                row[x] = r << 16 | gr << 8 | b;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(Files.newOutputStream(out))) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.92f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        System.out.printf("generated %s: %d x %d, %d KB%n", out, width, height, Files.size(out) / 1024);
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private static void row(String name, double[] millis) {
        System.out.printf("%-44s %8.1f %8.1f %8.1f%n", name, median(millis), Arrays.stream(millis).average().orElse(0),
                Arrays.stream(millis).min().orElse(0));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** A field of /proc/self/status in KB (VmRSS now, VmHWM the peak). */
    private static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
