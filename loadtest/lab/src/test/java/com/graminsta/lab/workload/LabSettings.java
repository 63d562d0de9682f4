package com.graminsta.lab.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What ./graminsta lab run tells the simulation, as system properties: where the dataset is,
 * where the API is, how many sessions arrive per second and for how long, where to write.
 */
public record LabSettings(
        Path labDir,
        String apiUrl,
        double rate,
        Duration duration,
        Duration ramp,
        Path outDir,
        Path stackStatus,
        List<String> hashtags) {

    public static LabSettings fromSystemProperties() {
        Path labDir = Path.of(required("lab.dir"));
        double rate = Double.parseDouble(required("lab.rate"));
        Duration duration = Duration.ofSeconds(Long.parseLong(required("lab.duration")));
        Duration ramp = Duration.ofSeconds(Long.parseLong(System.getProperty("lab.ramp",
                Long.toString(Math.min(10, duration.toSeconds() / 5)))));
        String apiUrl = stripSlash(required("lab.apiUrl"));
        return new LabSettings(labDir, apiUrl, rate, duration, ramp, Path.of(required("lab.out")),
                Path.of(required("lab.stackStatus")), hashtags(labDir.resolve("dataset.json")));
    }

    public Path usersCsv() {
        return labDir.resolve("users.csv");
    }

    private static List<String> hashtags(Path datasetJson) {
        try {
            JsonNode dataset = new ObjectMapper().readTree(datasetJson.toFile());
            List<String> tags = new ArrayList<>();
            dataset.path("hashtags").forEach(tag -> tags.add(tag.asText().replaceFirst("^#", "")));
            if (tags.isEmpty()) {
                tags.add("photo");
            }
            return List.copyOf(tags);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + datasetJson + "; make it with ./graminsta lab dataset", e);
        }
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is missing: run through ./graminsta lab run");
        }
        return value;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
