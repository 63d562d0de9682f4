package com.graminsta.lab.report;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * docs/stages.svg: p99 (log scale) against offered sessions per second, one line per stage, the
 * SLO and the 100k-user peak marked. Plain SVG written here, so the chart needs nothing but this.
 */
final class Chart {

    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"};
    private static final int WIDTH = 760, HEIGHT = 440;
    private static final int LEFT = 84, RIGHT = 190, TOP = 40, BOTTOM = 60;
    private static final double[] Y_TICKS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000};

    private Chart() {
    }

    static String svg(ObjectNode stages, double peakRate) {
        double maxRate = peakRate;
        double maxP99 = 200;
        double minP99 = 50;
        for (Iterator<Map.Entry<String, JsonNode>> it = stages.fields(); it.hasNext(); ) {
            for (JsonNode step : it.next().getValue().path("steps")) {
                maxRate = Math.max(maxRate, step.path("offered_sessions_per_second").asDouble());
                if (step.path("p99_ms").isNumber()) {
                    maxP99 = Math.max(maxP99, step.path("p99_ms").asDouble());
                    minP99 = Math.min(minP99, Math.max(1, step.path("p99_ms").asDouble()));
                }
            }
        }
        double xMax = niceCeiling(maxRate * 1.05);
        double yMin = floorTick(minP99);
        double yMax = ceilTick(maxP99 * 1.1);
        Scale scale = new Scale(xMax, yMin, yMax);

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<title>p99 latency against offered load, one line per stage</title>\n");
        svg.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">p99 of all requests against offered load, by stage</text>%n", LEFT));

        // Axes and grid.
        for (double tick : Y_TICKS) {
            if (tick < yMin || tick > yMax) {
                continue;
            }
            double y = scale.y(tick);
            svg.append(line(LEFT, y, WIDTH - RIGHT, y, "#e5e5e5", ""));
            svg.append(text(LEFT - 8, y + 4, label(tick) + " ms", "end", "#444"));
        }
        for (double tick : xTicks(xMax)) {
            double x = scale.x(tick);
            svg.append(line(x, TOP, x, HEIGHT - BOTTOM, "#f0f0f0", ""));
            svg.append(text(x, HEIGHT - BOTTOM + 18, label(tick), "middle", "#444"));
        }
        svg.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#333", ""));
        svg.append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#333", ""));
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 18, "offered load: sessions arriving per second", "middle", "#222"));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#222\" transform=\"rotate(-90 16 %.1f)\">p99 latency (log scale)</text>%n",
                (TOP + HEIGHT - BOTTOM) / 2.0, (TOP + HEIGHT - BOTTOM) / 2.0));

        // The SLO and the peak.
        double slo = scale.y(Summary.SLO_P99_MS);
        svg.append(line(LEFT, slo, WIDTH - RIGHT, slo, "#c00", "stroke-dasharray=\"6 4\""));
        svg.append(text(WIDTH - RIGHT - 4, slo - 5, "SLO: p99 ≤ 100 ms", "end", "#c00"));
        double peak = scale.x(peakRate);
        svg.append(line(peak, TOP, peak, HEIGHT - BOTTOM, "#777", "stroke-dasharray=\"3 3\""));
        svg.append(text(peak + 4, TOP + 12, "100k-user peak (" + label(peakRate) + "/s)", "start", "#555"));

        // One line per stage.
        int legend = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = StagesReport.byStage(stages); it.hasNext(); ) {
            Map.Entry<String, JsonNode> stage = it.next();
            int number = Integer.parseInt(stage.getKey());
            String colour = COLOURS[(number - 1) % COLOURS.length];
            List<String> points = new ArrayList<>();
            StringBuilder dots = new StringBuilder();
            for (JsonNode step : stage.getValue().path("steps")) {
                if (!step.path("p99_ms").isNumber()) {
                    continue;
                }
                double x = scale.x(step.path("offered_sessions_per_second").asDouble());
                double y = scale.y(Math.max(yMin, step.path("p99_ms").asDouble()));
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
                boolean met = step.path("slo_met").asBoolean();
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>%n",
                        x, y, met ? colour : "white", colour));
            }
            svg.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", colour, String.join(" ", points)));
            svg.append(dots);
            double ly = TOP + 20 + legend * 20;
            svg.append(line(WIDTH - RIGHT + 16, ly - 4, WIDTH - RIGHT + 40, ly - 4, colour, "stroke-width=\"2\""));
            svg.append(text(WIDTH - RIGHT + 46, ly, "stage " + number + " (" + users(stage.getValue().path("users").asLong()) + " users)", "start", "#222"));
            legend++;
        }
        double ly = TOP + 30 + legend * 20;
        svg.append(text(WIDTH - RIGHT + 16, ly, "● SLO met  ○ missed", "start", "#555"));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private record Scale(double xMax, double yMin, double yMax) {
        double x(double rate) {
            return LEFT + rate / xMax * (WIDTH - LEFT - RIGHT);
        }

        double y(double ms) {
            double share = (Math.log10(ms) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin));
            return HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM);
        }
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, String extra) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" %s/>%n",
                x1, y1, x2, y2, colour, extra);
    }

    private static String text(double x, double y, String content, String anchor, String colour) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">%s</text>%n",
                x, y, anchor, colour, content.replace("&", "&amp;").replace("<", "&lt;"));
    }

    private static String label(double value) {
        if (value >= 1000 && value % 1000 == 0) {
            return (long) (value / 1000) + "k";
        }
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String users(long users) {
        return users >= 1000 && users % 1000 == 0 ? users / 1000 + "k" : Long.toString(users);
    }

    private static double niceCeiling(double value) {
        for (double nice : new double[] {2, 5, 10, 15, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500}) {
            if (value <= nice) {
                return nice;
            }
        }
        return Math.ceil(value / 100) * 100;
    }

    private static List<Double> xTicks(double xMax) {
        double step = xMax <= 5 ? 1 : xMax <= 10 ? 2 : xMax <= 20 ? 5 : xMax <= 50 ? 10 : xMax <= 100 ? 20 : 50;
        List<Double> ticks = new ArrayList<>();
        for (double tick = 0; tick <= xMax + 1e-9; tick += step) {
            ticks.add(tick);
        }
        return ticks;
    }

    private static double floorTick(double value) {
        double floor = Y_TICKS[0];
        for (double tick : Y_TICKS) {
            if (tick <= value) {
                floor = tick;
            }
        }
        return floor;
    }

    private static double ceilTick(double value) {
        for (double tick : Y_TICKS) {
            if (tick >= value) {
                return tick;
            }
        }
        return Y_TICKS[Y_TICKS.length - 1];
    }
}
