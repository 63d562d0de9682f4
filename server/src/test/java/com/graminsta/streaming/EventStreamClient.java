package com.graminsta.streaming;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A server-sent events client over the JDK's HTTP client: every line the server writes, as it comes. */
final class EventStreamClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** An SSE event: its name and data. */
    record Event(String name, String data) {
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private EventStreamClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // Closed.
            }
        });
    }

    static EventStreamClient open(int port, String pathAndQuery, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofMinutes(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return new EventStreamClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    String line() {
        try {
            String line = lines.poll(10, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("No line within 10 s");
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next event, skipping comments and blank lines. */
    Event next() {
        String name = null;
        while (true) {
            String line = line();
            if (line.startsWith("event:")) {
                name = line.substring("event:".length()).trim();
            } else if (line.startsWith("data:") && name != null) {
                return new Event(name, line.substring("data:".length()).trim());
            }
        }
    }

    /** Whether the server ended the response within the wait. */
    boolean ended(Duration wait) {
        try {
            return reader.join(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whatever lines came within the wait, joined. */
    String drain(Duration wait) {
        StringBuilder seen = new StringBuilder();
        long end = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < end) {
                String line = lines.poll(Math.max(1, (end - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.append(line).append('\n');
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return seen.toString();
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (Exception e) {
            // Already closed.
        }
        reader.interrupt();
    }
}
