package com.graminsta.lab.measure;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An nginx access log of the stack (stack/nginx/*.conf.in), read from where it stood when the
 * load began: the load balancer's says which responses were images (the bytes the API instances
 * served), the media edge's which photos came from its cache.
 */
final class AccessLog {

    private static final Pattern LINE = Pattern.compile("\" (\\d{3}) (\\d+) ");

    private final Path file;
    private long start;

    AccessLog(Path file) {
        this.file = file;
    }

    void mark() throws IOException {
        start = Files.exists(file) ? Files.size(file) : 0;
    }

    /** Requests, body bytes, image bytes (by Content-Type) and edge cache statuses since {@link #mark()}. */
    Map<String, Object> readSinceMark() throws IOException {
        long requests = 0, bytes = 0, imageBytes = 0, imageRequests = 0, hits = 0, misses = 0;
        if (Files.exists(file)) {
            try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
                log.seek(start);
                byte[] appended = new byte[(int) Math.min(Integer.MAX_VALUE - 8, log.length() - start)];
                log.readFully(appended);
                for (String line : new String(appended, StandardCharsets.UTF_8).split("\n")) {
                    Matcher matcher = LINE.matcher(line);
                    if (!matcher.find()) {
                        continue;
                    }
                    long body = Long.parseLong(matcher.group(2));
                    requests++;
                    bytes += body;
                    if (line.contains("type=\"image/")) {
                        imageRequests++;
                        imageBytes += body;
                    }
                    if (line.contains("cache=HIT")) {
                        hits++;
                    } else if (line.contains("cache=MISS") || line.contains("cache=EXPIRED")) {
                        misses++;
                    }
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("requests", requests);
        result.put("bytes", bytes);
        result.put("image_requests", imageRequests);
        result.put("image_bytes", imageBytes);
        result.put("cache_hits", hits);
        result.put("cache_misses", misses);
        return result;
    }
}
