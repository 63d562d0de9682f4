package com.graminsta.lab.measure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application cache's hits and misses (platform/cache: {@code graminsta.cache.hits} and
 * {@code .misses} per cache name), from one instance's Prometheus metrics on its management
 * port: whatever the cache's backend, in-process or Redis, this is what the instance asked of it
 * and got.
 */
record CacheMetrics(String instance, int managementPort) {

    private static final Pattern LINE = Pattern.compile(
            "^graminsta_cache_(hits|misses)_total\\{([^}]*)}\\s+([0-9.eE+-]+)\\s*$", Pattern.MULTILINE);
    private static final Pattern CACHE = Pattern.compile("cache=\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** Per cache name: {hits, misses}, counted since the instance started. */
    Map<String, long[]> read() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        String body;
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(instance + "'s metrics answered " + response.statusCode());
            }
            body = response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while reading " + instance + "'s metrics", e);
        }
        return parse(body);
    }

    static Map<String, long[]> parse(String prometheus) {
        Map<String, long[]> caches = new TreeMap<>();
        Matcher line = LINE.matcher(prometheus);
        while (line.find()) {
            Matcher cache = CACHE.matcher(line.group(2));
            String name = cache.find() ? cache.group(1) : "";
            long[] counts = caches.computeIfAbsent(name, k -> new long[2]);
            counts[line.group(1).equals("hits") ? 0 : 1] += Math.round(Double.parseDouble(line.group(3)));
        }
        return caches;
    }
}
