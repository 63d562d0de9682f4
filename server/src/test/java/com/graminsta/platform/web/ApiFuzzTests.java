package com.graminsta.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Corpus-driven fuzzing: every operation in the OpenAPI description gets malformed path values,
 * bodies (JSON, forms, multipart) and headers, with and without a token, and must never answer
 * 5xx. A fixed seed keeps runs repeatable; the run is bounded to 90 s, and every operation is
 * tried before any is tried twice.
 */
class ApiFuzzTests extends IntegrationTest {

    private static final Duration BUDGET = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Path values a client could put in {id}-like places; already percent-encoded where needed. */
    private static final List<String> PATH_VALUES = List.of("1", "0", "-1", "abc", "99999999999999999999999",
            "%00", "%2e%2e%2f%2e%2e", "%27%3B--", "1e9999", "%F0%9F%98%80", "%C3%28", "x".repeat(3000), "%25", "null");

    private static final List<String> JSON_BODIES = List.of("{", "[]", "null", "\"x\"", "1", "{\"a\":}",
            "[".repeat(5000) + "]".repeat(5000), "{\"id\":{\"$ne\":1}}", "{\"status\":[1,{\"a\":null}]}",
            "{\"limit\":\"-99999999999999999999\"}", "{\"ids\":\"1\",\"media_ids\":{\"0\":[]}}",
            "{\"status\":\"a\\u0000b\",\"visibility\":7}", "{\"\\ud800\":\"\\udfff\"}", "\u00ff\u00fe",
            "{\"focus\":\"NaN,Infinity\",\"description\":[]}", "{\"fields_attributes\":[[[]]]}",
            "{\"redirect_uris\":[{}],\"client_name\":{}}", "{\"expires_in\":1e308,\"duration\":-1}");

    private static final List<String> FORM_BODIES = List.of("=", "&&&", "a[=1", "a]=1", "ids[][]=1",
            "fields[0][name]=x&fields[0]=y", "status=%", "status=%zz", "limit=-1&max_id=x&min_id=%00",
            "media_ids[]=abc&poll[options][]=", "x=" + "%41".repeat(2000), "scope=" + "read%20".repeat(500),
            "focus=2,2&description=%00", "grant_type=password&username[]=a&password[x]=b");

    private static final List<String[]> HEADERS = List.of(
            new String[] {"Accept", "application/xml"},
            new String[] {"Accept", "*/x;;;q=abc"},
            new String[] {"Accept-Language", "zz-ZZ;q=2,,,;"},
            new String[] {"Authorization", "Bearer \u00e9\u00e9"},
            new String[] {"Authorization", "Basic !!!"},
            new String[] {"Authorization", "Bearer " + "a".repeat(5000)},
            new String[] {"Idempotency-Key", "k".repeat(4000)},
            new String[] {"If-None-Match", "\"\\\""},
            new String[] {"Range", "bytes=999999999999999999999-"},
            new String[] {"X-Forwarded-For", "not an address, ::ffff:zz"},
            new String[] {"Origin", "null"});

    private static final List<String> CONTENT_TYPES = List.of("application/json; charset=bogus", "text/plain",
            "application/x-www-form-urlencoded; charset=utf-7", "multipart/form-data", "////", "application/json;;;");

    @Test
    void noMalformedRequestGetsA5xx() throws Exception {
        TestUser user = users().register();
        String token = user.token();
        JsonNode paths = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/docs")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("paths");
        List<Operation> operations = new ArrayList<>();
        for (var path : paths.properties()) {
            if (path.getKey().contains("streaming")) {
                continue;  // long-lived by design; fuzzed apart from the request-response API
            }
            for (var method : path.getValue().properties()) {
                String name = method.getKey().toUpperCase();
                if (List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(name)) {
                    operations.add(new Operation(name, path.getKey()));
                }
            }
        }
        assertThat(operations).as("operations in the OpenAPI description").hasSizeGreaterThan(40);

        Random random = new Random(20261202L);
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int sent = 0;
        int round = 0;
        while (System.nanoTime() < deadline && round < 14) {
            for (Operation operation : operations) {
                if (System.nanoTime() >= deadline) {
                    break;
                }
                for (HttpRequest request : requests(operation, round, random, token)) {
                    Outcome outcome = send(request);
                    sent++;
                    if (outcome.status() >= 500 || outcome.status() == 0) {
                        failures.add(outcome.status() + " " + request.method() + " " + request.uri() + " "
                                + request.headers().map() + " -> " + outcome.body());
                    }
                }
            }
            round++;
        }
        assertThat(round).as("every operation tried at least once within the budget").isGreaterThanOrEqualTo(1);
        assertThat(failures).as(sent + " requests sent").isEmpty();
    }

    private record Operation(String method, String pathTemplate) {
    }

    private record Outcome(int status, String body) {
    }

    /** A few requests for one operation in one round: a path value, a body of each kind, a header. */
    private List<HttpRequest> requests(Operation operation, int round, Random random, String token) {
        String path = operation.pathTemplate().replaceAll("\\{[^}]+}", PATH_VALUES.get((round + random.nextInt(3)) % PATH_VALUES.size()));
        String query = round % 2 == 0 ? "" : "?limit=" + PATH_VALUES.get(random.nextInt(PATH_VALUES.size()))
                + "&max_id=%00&ids[]=x&id[]=" + PATH_VALUES.get(random.nextInt(PATH_VALUES.size()));
        URI uri = URI.create(base() + path + query);
        String auth = round % 3 == 2 ? null : token;
        List<HttpRequest> requests = new ArrayList<>();
        String json = JSON_BODIES.get((round + random.nextInt(JSON_BODIES.size())) % JSON_BODIES.size());
        requests.add(request(operation.method(), uri, auth, "application/json", json.getBytes(StandardCharsets.UTF_8)));
        String form = FORM_BODIES.get(random.nextInt(FORM_BODIES.size()));
        requests.add(request(operation.method(), uri, auth, "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8)));
        requests.add(request(operation.method(), uri, auth, "multipart/form-data; boundary=b",
                multipart(random).getBytes(StandardCharsets.ISO_8859_1)));
        requests.add(request(operation.method(), uri, auth, CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())),
                json.getBytes(StandardCharsets.UTF_8)));
        String[] header = HEADERS.get((round + random.nextInt(HEADERS.size())) % HEADERS.size());
        HttpRequest.Builder odd = builder(operation.method(), uri, header[0].equals("Authorization") ? null : auth,
                "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        try {
            odd.header(header[0], header[1]);
        } catch (IllegalArgumentException refusedByTheClient) {
            odd.header("X-Odd", "value");
        }
        requests.add(odd.build());
        return requests;
    }

    private static String multipart(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
                    + "\u00ff\u00d8\u00ff\u00e0garbage\r\n--b--\r\n";
            case 1 -> "--b\r\nContent-Disposition: form-data; name=\"status\"\r\n\r\nunterminated";
            case 2 -> "--b\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--b--\r\n";
            case 3 -> "--b\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"../../etc/passwd\"\r\n\r\n\u0000\u0000\r\n--b--\r\n";
            default -> "--wrong\r\n\r\n--b--";
        };
    }

    private HttpRequest request(String method, URI uri, String token, String contentType, byte[] body) {
        return builder(method, uri, token, contentType, body).build();
    }

    private static HttpRequest.Builder builder(String method, URI uri, String token, String contentType, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (!method.equals("GET")) {
            builder.header("Content-Type", contentType);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static Outcome send(HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Outcome(response.statusCode(), body.length() > 300 ? body.substring(0, 300) : body);
        } catch (HttpTimeoutException e) {
            return new Outcome(0, "no answer within 20 s");
        } catch (IOException e) {
            // A connection the server closed after refusing a body is an answer, not a crash.
            return new Outcome(499, e.toString());
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
