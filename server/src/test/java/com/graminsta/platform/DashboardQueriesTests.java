package com.graminsta.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.graminsta.streaming.WebSocketClient;
import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.Photos;
import com.graminsta.support.TestDatabase;
import com.graminsta.support.TestRedis;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Grafana cannot be installed here, so its dashboards (deploy/monitoring/dashboards) are checked
 * where their queries run: a real Prometheus (Debian's) scrapes this server's /actuator/prometheus
 * every second, and every panel's PromQL must parse and return at least one series. The server
 * has the cache in Redis and one replica configured, so the stage 6 series exist: the replica is
 * the primary itself, which the health check reads as not a replica (offline, lag 0), and that is
 * all a query needs here.
 */
class DashboardQueriesTests extends IntegrationTest {

    private static final Path DASHBOARDS = Path.of("../deploy/monitoring/dashboards");
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void stageSix(DynamicPropertyRegistry registry) {
        registry.add("graminsta.redis.url", TestRedis::url);
        registry.add("graminsta.redis.key-prefix", () -> TestRedis.keyPrefix() + "dashboards:");
        registry.add("graminsta.database.replica-urls", TestDatabase::url);
    }

    @Test
    void everyPanelsQueryParsesAndReturnsSeriesFromARealPrometheus() throws Exception {
        assertThat(PROMETHEUS).as("Prometheus runs the dashboards' queries: apt-get install prometheus").isExecutable();
        List<Query> queries = panelQueries();
        assertThat(queries).hasSizeGreaterThan(10);

        Path folder = Files.createTempDirectory("graminsta-prometheus");
        int port = freePort();
        Files.writeString(folder.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: graminsta
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(managementPort));
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(),
                "--config.file=" + folder.resolve("prometheus.yml"), "--storage.tsdb.path=" + folder.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(folder.resolve("prometheus.log").toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            // Something for every panel to count, in the first scrapes and between them.
            traffic();
            awaitSamples(base, prometheus, folder);
            traffic();
            awaitSamples(base, prometheus, folder);

            List<String> failures = new ArrayList<>();
            for (Query query : queries) {
                JsonNode answer = query(base, query.expr());
                if (!"success".equals(answer.path("status").asString(""))) {
                    failures.add(query + ": " + answer.path("error").asString(""));
                } else if (answer.path("data").path("result").isEmpty()) {
                    failures.add(query + ": no series");
                }
            }
            assertThat(failures).isEmpty();
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
            deleteRecursively(folder);
        }
    }

    private record Query(String dashboard, String panel, String expr) {

        @Override
        public String toString() {
            return dashboard + " / " + panel + ": " + expr;
        }
    }

    /** Every target of every panel, rows' nested panels included, with Grafana's interval as 1m. */
    private static List<Query> panelQueries() throws IOException {
        List<Query> queries = new ArrayList<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = JSON.readTree(Files.readString(file));
                List<JsonNode> panels = new ArrayList<>();
                dashboard.path("panels").forEach(panel -> {
                    panels.add(panel);
                    panel.path("panels").forEach(panels::add);
                });
                for (JsonNode panel : panels) {
                    for (JsonNode target : panel.path("targets")) {
                        String expr = target.path("expr").asString("");
                        assertThat(expr).as("%s / %s", file.getFileName(), panel.path("title").asString("")).isNotBlank();
                        queries.add(new Query(file.getFileName().toString(), panel.path("title").asString(""),
                                expr.replace("$__rate_interval", "1m").replace("$__interval", "1m")));
                    }
                }
            }
        }
        return queries;
    }

    /** Requests (a 404 among them), a photo processed by a job, cache reads, and a streamed notification. */
    private void traffic() {
        Api api = api();
        TestUser alice = users().register();
        TestUser bob = users().register();
        assertThat(api.get("/api/v1/instance", null).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/statuses/1", null).status()).isEqualTo(404);
        String post = api.postJson("/api/v1/statuses", bob.token(), Map.of("status", "A photo",
                "media_ids", List.of(Photos.processed(api, bob)))).json().get("id").asString();
        assertThat(api.get("/api/v1/accounts/" + bob.id(), alice.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/accounts/" + bob.id(), alice.token()).status()).isEqualTo(200);
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=user", bob.token())) {
            assertThat(api.post("/api/v1/statuses/" + post + "/favourite", alice.token()).status()).isEqualTo(200);
            socket.next("notification");
        }
    }

    /** Waits for two more scrapes of the server than there were, so that rate() has two samples. */
    private static void awaitSamples(String base, Process prometheus, Path folder) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double before = -1;
        while (true) {
            assertThat(prometheus.isAlive()).as("Prometheus stopped: %s", log(folder)).isTrue();
            double scrapes = scrapes(base);
            if (before < 0 && scrapes >= 0) {
                before = scrapes;
            } else if (before >= 0 && scrapes >= before + 2) {
                return;
            }
            assertThat(System.nanoTime()).as("no scrapes within 30 s: %s", log(folder)).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Successful scrapes of the server in the last 10 minutes; -1 while Prometheus is not answering yet. */
    private static double scrapes(String base) {
        try {
            JsonNode result = query(base, "sum_over_time(up{job=\"graminsta\"}[10m])").path("data").path("result");
            return result.isEmpty() ? 0 : Double.parseDouble(result.get(0).get("value").get(1).asString());
        } catch (IOException | RuntimeException e) {
            // Not listening yet, or still starting ("Service Unavailable", not JSON).
            return -1;
        }
    }

    private static JsonNode query(String base, String expr) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
                + URLEncoder.encode(expr, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build();
        try {
            return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String log(Path folder) {
        try {
            return Files.readString(folder.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
