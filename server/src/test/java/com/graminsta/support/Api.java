package com.graminsta.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: the server seen exactly as a client sees it. */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;

    public Api(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET());
    }

    public Response delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    public Response post(String path, String token) {
        return send(request(path, token).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** POST with a form-urlencoded body, as most Mastodon clients send. */
    public Response postForm(String path, String token, Map<String, ?> form) {
        return send(request(path, token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    /** A multipart/form-data request; {@link FilePart} values become file parts. */
    public Response multipart(String method, String path, String token, Map<String, ?> fields) {
        String boundary = "graminsta-test-" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        fields.forEach((name, value) -> {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n");
            byte[] content;
            if (value instanceof FilePart file) {
                head.append("Content-Disposition: form-data; name=\"").append(name).append("\"; filename=\"")
                        .append(file.filename()).append("\"\r\nContent-Type: ").append(file.contentType()).append("\r\n\r\n");
                content = file.bytes();
            } else {
                head.append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n");
                content = String.valueOf(value).getBytes(StandardCharsets.UTF_8);
            }
            body.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(method, path, token, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    public record FilePart(String filename, String contentType, byte[] bytes) {
    }

    public Response postJson(String path, String token, Object body) {
        return sendJson("POST", path, token, body instanceof String text ? text : JSON.writeValueAsString(body));
    }

    public Response patchJson(String path, String token, Object body) {
        return sendJson("PATCH", path, token, body instanceof String text ? text : JSON.writeValueAsString(body));
    }

    /** Any request; {@code extraHeaders} are name, value pairs. */
    public Response send(String method, String path, String token, String contentType, byte[] body, String... extraHeaders) {
        HttpRequest.Builder builder = request(path, token).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        for (int i = 0; i < extraHeaders.length; i += 2) {
            builder.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        return send(builder);
    }

    private Response sendJson(String method, String path, String token, String json) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(onThisServer(path)));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    /**
     * A path, or a link the server wrote. Links name the configured public URL, which in tests is
     * http://localhost:0 (the port is chosen only after the settings are read): those are sent
     * to the server under test.
     */
    private String onThisServer(String path) {
        if (!path.startsWith("http")) {
            return baseUrl + path;
        }
        URI uri = URI.create(path);
        return uri.getPort() == 0 ? baseUrl + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) : path;
    }

    /** The raw bytes of a GET, for images. */
    public byte[] bytes(String path) {
        try {
            return HTTP.send(request(path, null).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String encode(Map<String, ?> form) {
        return form.entrySet().stream()
                .flatMap(entry -> {
                    Object value = entry.getValue();
                    Iterable<?> values = value instanceof Iterable<?> many ? many : java.util.List.of(value);
                    return java.util.stream.StreamSupport.stream(values.spliterator(), false)
                            .map(one -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                                    + URLEncoder.encode(String.valueOf(one), StandardCharsets.UTF_8));
                })
                .collect(Collectors.joining("&"));
    }

    public static Map<String, Object> form(Object... keysAndValues) {
        Map<String, Object> form = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            form.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return form;
    }

    /** A response: status, headers and the body, parsed as JSON on demand. */
    public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream())
                    .findFirst();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
