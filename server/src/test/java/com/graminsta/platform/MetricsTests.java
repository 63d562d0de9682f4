package com.graminsta.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.graminsta.streaming.WebSocketClient;
import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.Photos;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What Prometheus scrapes from /actuator/prometheus and what the dashboards and alerts in
 * deploy/monitoring read: the series exist, and move when what they count happens.
 */
class MetricsTests extends IntegrationTest {

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcClient jdbc;

    @Test
    void eachRouteHasADurationHistogramWithTheObjectivesAsBuckets() {
        String[] route = {"method=\"GET\"", "status=\"200\"", "uri=\"/api/v1/instance\""};
        assertThat(api().get("/api/v1/instance", null).status()).isEqualTo(200);
        double before = eventually(() -> value("http_server_requests_seconds_count", route));
        assertThat(api().get("/api/v1/instance", null).status()).isEqualTo(200);
        awaitAbove(() -> value("http_server_requests_seconds_count", route), before);

        for (String bound : List.of("0.001", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "+Inf")) {
            String[] bucket = Stream.concat(Stream.of(route), Stream.of("le=\"" + bound + "\"")).toArray(String[]::new);
            assertThat(value("http_server_requests_seconds_bucket", bucket)).as(bound).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void requestsInFlightHaveNoLongTaskTimers() {
        assertThat(api().get("/api/v1/instance", null).status()).isEqualTo(200);
        eventually(() -> value("http_server_requests_seconds_count", "uri=\"/api/v1/instance\""));
        assertThat(scrape()).doesNotContain("http_server_requests_active");
    }

    @Test
    void aQueuedJobMovesTheQueueDepthAndEveryTypeHasItsWaitingGauges() {
        assertThat(value("graminsta_jobs_waiting", "type=\"media.process\"")).isNotNegative();
        assertThat(value("graminsta_jobs_oldest_waiting_seconds", "type=\"media.process\"")).isNotNegative();
        double before = value("graminsta_jobs_queued");
        // A type no worker runs, so the job waits however busy the workers are.
        long id = jdbc.sql("INSERT INTO jobs (type, payload, run_at) VALUES ('test.metrics', '{}', now() - interval '1 minute') RETURNING id")
                .query(Long.class).single();
        try {
            awaitAbove(() -> value("graminsta_jobs_queued"), before);
        } finally {
            jdbc.sql("DELETE FROM jobs WHERE id = :id").param("id", id).update();
        }
    }

    @Test
    void aStreamedEventCountsAsDeliveredWithItsDelay() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        Api api = api();
        String post = api.postJson("/api/v1/statuses", bob.token(), Map.of("status", "A photo",
                "media_ids", List.of(Photos.processed(api, bob)))).json().get("id").asString();
        String notification = "event=\"notification\"";
        double before = valueOrZero("graminsta_streaming_delivery_delay_seconds_count", notification);
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=user", bob.token())) {
            assertThat(value("graminsta_streaming_connections")).isGreaterThanOrEqualTo(1);
            assertThat(api.post("/api/v1/statuses/" + post + "/favourite", alice.token()).status()).isEqualTo(200);
            socket.next("notification");
            awaitAbove(() -> valueOrZero("graminsta_streaming_delivery_delay_seconds_count", notification), before);
        }
        assertThat(value("graminsta_streaming_delivery_delay_seconds_bucket", notification, "le=\"0.1\"")).isNotNegative();
        assertThat(value("graminsta_streaming_delivery_delay_seconds_bucket", notification, "le=\"+Inf\"")).isPositive();
    }

    private String scrape() {
        Api.Response response = new Api("http://127.0.0.1:" + managementPort).get("/actuator/prometheus", null);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    /** The sample of the series of this name that has these labels (and maybe others), failing when there is none. */
    private double value(String name, String... labels) {
        String metrics = scrape();
        OptionalDouble value = find(metrics, name, labels);
        assertThat(value).as("%s%s in%n%s", name, List.of(labels), metrics.lines()
                .filter(line -> line.startsWith(name)).collect(Collectors.joining("\n"))).isPresent();
        return value.getAsDouble();
    }

    private double valueOrZero(String name, String... labels) {
        return find(scrape(), name, labels).orElse(0);
    }

    private static OptionalDouble find(String metrics, String name, String... labels) {
        Matcher sample = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{([^}]*)})? (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        while (sample.find()) {
            List<String> present = sample.group(1) == null ? List.of() : List.of(sample.group(1).split(","));
            if (present.containsAll(List.of(labels))) {
                return OptionalDouble.of(Double.parseDouble(sample.group(2)));
            }
        }
        return OptionalDouble.empty();
    }

    /** The job gauges are cached for 5 s and a request is counted after its response: wait up to 10 s. */
    private static void awaitAbove(DoubleSupplier value, double before) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (value.getAsDouble() <= before) {
            assertThat(System.nanoTime()).as("still %s after 10 s", before).isLessThan(deadline);
            sleep();
        }
    }

    private static double eventually(DoubleSupplier value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                return value.getAsDouble();
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
