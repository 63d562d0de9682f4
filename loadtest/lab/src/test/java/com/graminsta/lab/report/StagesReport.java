package com.graminsta.lab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes docs/stages.md, docs/stages.svg and docs/stages.json from the steps of
 * `./graminsta lab stages`: one row per stage, one line per stage on the chart. Stages measured
 * before and not in this run keep their row (stages.json holds them), so a partial run
 * (--stages 1,4) replaces only its own.
 *
 * <p>Usage: StagesReport STEPS_TSV DOCS_DIR PEAK_ENV
 * (STEPS_TSV: stage, role (step or warmup), offered sessions/s, results folder; tab-separated)
 */
public final class StagesReport {

    static final Map<Integer, String> ADDS = Map.of(
            1, "one machine: one process, embedded PostgreSQL, local photos",
            2, "a separate PostgreSQL",
            3, "the web app on its own nginx",
            4, "nginx balancing over 2 instances",
            5, "S3 (s3proxy), direct uploads, photos from a caching edge",
            6, "Redis cache and read replicas",
            7, "streaming, workers and monitoring on tiers of their own");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("Usage: StagesReport STEPS_TSV DOCS_DIR PEAK_ENV");
        }
        Path docs = Path.of(args[1]);
        Peak peak = Peak.read(Path.of(args[2]));
        ObjectNode all = load(docs.resolve("stages.json"));
        ObjectNode stages = (ObjectNode) all.with("stages");
        Map<Integer, List<JsonNode>> steps = readSteps(Path.of(args[0]));
        steps.forEach((stage, summaries) -> stages.set(Integer.toString(stage), stageEntry(stage, summaries, peak)));
        all.put("peak_sessions_per_second", peak.sessionsPerSecond());
        Files.createDirectories(docs);
        JSON.writeValue(docs.resolve("stages.json").toFile(), all);
        Files.writeString(docs.resolve("stages.svg"), Chart.svg(stages, peak.sessionsPerSecond()));
        Files.writeString(docs.resolve("stages.md"), StagesPage.markdown(stages, peak));
        System.out.println("Wrote " + docs.resolve("stages.md") + ", stages.svg and stages.json");
    }

    private static ObjectNode load(Path file) throws IOException {
        return Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
    }

    /** Each stage's measured steps (warm-ups left out), in the order they ran. */
    static Map<Integer, List<JsonNode>> readSteps(Path tsv) throws IOException {
        Map<Integer, List<JsonNode>> steps = new TreeMap<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] fields = line.split("\t");
            if (fields.length < 4 || !fields[1].equals("step")) {
                continue;
            }
            Path summary = Path.of(fields[3]).resolve("summary.json");
            if (Files.exists(summary)) {
                steps.computeIfAbsent(Integer.parseInt(fields[0]), k -> new ArrayList<>()).add(JSON.readTree(summary.toFile()));
            }
        }
        return steps;
    }

    /** A stage's row: its capacity at the SLO, its figures at the peak rate, and its curve. */
    static ObjectNode stageEntry(int stage, List<JsonNode> summaries, Peak peak) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("stage", stage);
        entry.put("adds", ADDS.getOrDefault(stage, ""));
        entry.put("measured", LocalDate.now(ZoneOffset.UTC).toString());
        entry.put("machine", machine());
        JsonNode first = summaries.getFirst();
        entry.put("instances", first.path("instances").asInt());
        entry.set("users", first.path("dataset").path("users"));

        List<JsonNode> byRate = new ArrayList<>(summaries);
        byRate.sort((a, b) -> Double.compare(rate(a), rate(b)));
        ArrayNode curve = entry.putArray("steps");
        JsonNode best = null;
        JsonNode atPeak = null;
        for (JsonNode summary : byRate) {
            JsonNode traffic = summary.path("traffic");
            ObjectNode point = curve.addObject();
            point.put("offered_sessions_per_second", rate(summary));
            point.set("requests_per_second", traffic.path("requests_per_second"));
            point.set("api_requests_per_session", traffic.path("api_requests_per_session"));
            point.set("p50_ms", traffic.path("p50_ms"));
            point.set("p99_ms", traffic.path("p99_ms"));
            point.set("error_rate", traffic.path("error_rate"));
            point.put("slo_met", summary.path("slo_met").asBoolean());
            point.set("load_generator_share_of_busy", summary.path("machine").path("load_generator_share_of_busy"));
            // Capacity: the highest rate met below the first one that was not (a later pass after
            // a miss is noise, not capacity).
            if (summary.path("slo_met").asBoolean() && (best == null || rate(summary) > rate(best)) && !missedBelow(byRate, summary)) {
                best = summary;
            }
            if (atPeak == null || Math.abs(rate(summary) - peak.sessionsPerSecond()) < Math.abs(rate(atPeak) - peak.sessionsPerSecond())) {
                atPeak = summary;
            }
        }
        if (best == null) {
            entry.putNull("capacity_sessions_per_second");
            entry.putNull("capacity_requests_per_second");
            entry.put("capacity_below_sessions_per_second", rate(byRate.getFirst()));
        } else {
            entry.put("capacity_sessions_per_second", rate(best));
            entry.set("capacity_requests_per_second", best.path("traffic").path("requests_per_second"));
        }
        ObjectNode fixed = entry.putObject("at_peak");
        fixed.put("offered_sessions_per_second", rate(atPeak));
        fixed.set("p99_ms", atPeak.path("traffic").path("p99_ms"));
        fixed.set("requests_per_second", atPeak.path("traffic").path("requests_per_second"));
        fixed.set("api_requests_per_session", atPeak.path("traffic").path("api_requests_per_session"));
        fixed.set("requests_per_session", atPeak.path("traffic").path("requests_per_session"));
        fixed.set("queries_per_request", atPeak.path("database").path("queries_per_request"));
        fixed.set("db_cpu_ms_per_1000_requests", atPeak.path("database").path("cpu_ms_per_1000_requests"));
        fixed.set("db_exec_ms_per_1000_requests", atPeak.path("database").path("exec_ms_per_1000_requests"));
        fixed.set("cache_hit_ratio", atPeak.path("cache").path("hit_ratio"));
        fixed.set("api_image_bytes_per_session", atPeak.path("images").path("api_image_bytes_per_session"));
        fixed.set("api_image_bytes", atPeak.path("images").path("api_image_bytes"));
        fixed.set("load_generator_share_of_busy", atPeak.path("machine").path("load_generator_share_of_busy"));
        fixed.set("machine_busy_share", atPeak.path("machine").path("busy_share"));
        fixed.set("cpu_ms_per_api_request", atPeak.path("machine").path("cpu_ms_per_api_request"));
        return entry;
    }

    /** The machine the stage was measured on: cores, processor, memory (Linux). */
    static String machine() {
        String model = "unknown processor";
        long memoryKb = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memoryKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Left as unknown: the figures stand without it.
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + model + "), "
                + Math.round(memoryKb / 1024.0 / 1024.0) + " GiB";
    }

    private static boolean missedBelow(List<JsonNode> byRate, JsonNode summary) {
        for (JsonNode other : byRate) {
            if (rate(other) < rate(summary) && !other.path("slo_met").asBoolean()) {
                return true;
            }
        }
        return false;
    }

    static double rate(JsonNode summary) {
        return summary.path("offered_sessions_per_second").asDouble();
    }

    /** The 100k-user peak's assumptions (loadtest/lab/stages/peak.env) and what follows from them. */
    record Peak(long registered, double dailyActiveShare, double sessionsPerActive, double peakHourShare) {

        static Peak read(Path env) throws IOException {
            Map<String, String> values = new TreeMap<>();
            for (String line : Files.readAllLines(env)) {
                if (line.isBlank() || line.startsWith("#") || !line.contains("=")) {
                    continue;
                }
                values.put(line.substring(0, line.indexOf('=')).strip(), line.substring(line.indexOf('=') + 1).strip());
            }
            return new Peak(Long.parseLong(values.get("PEAK_REGISTERED_USERS")),
                    Double.parseDouble(values.get("PEAK_DAILY_ACTIVE_SHARE")),
                    Double.parseDouble(values.get("PEAK_SESSIONS_PER_ACTIVE_PER_DAY")),
                    Double.parseDouble(values.get("PEAK_HOUR_SHARE")));
        }

        double dailyActives() {
            return registered * dailyActiveShare;
        }

        double sessionsPerDay() {
            return dailyActives() * sessionsPerActive;
        }

        double peakHourSessions() {
            return sessionsPerDay() * peakHourShare;
        }

        /** Rounded to a tenth, as `lab stages` offers it. */
        double sessionsPerSecond() {
            return Math.round(peakHourSessions() / 3600 * 10) / 10.0;
        }
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        String formatted = String.format(Locale.ROOT, value < 10 ? "%,.2f" : "%,.1f", value);
        return formatted.contains(".") ? formatted.replaceAll("0+$", "").replaceAll("\\.$", "") : formatted;
    }

    static Iterator<Map.Entry<String, JsonNode>> byStage(ObjectNode stages) {
        Map<Integer, JsonNode> sorted = new TreeMap<>();
        stages.fields().forEachRemaining(e -> sorted.put(Integer.parseInt(e.getKey()), e.getValue()));
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        sorted.forEach((k, v) -> out.put(Integer.toString(k), v));
        return out.entrySet().iterator();
    }
}
