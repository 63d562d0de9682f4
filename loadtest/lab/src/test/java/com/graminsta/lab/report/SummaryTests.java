package com.graminsta.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SummaryTests {

    @Test
    void theSloIsP99AtMost100MsAndErrorsAtMostATenthOfAPercent() {
        assertThat(Summary.sloMet(100, 0.001)).isTrue();
        assertThat(Summary.sloMet(101, 0.0)).isFalse();
        assertThat(Summary.sloMet(20, 0.0011)).isFalse();
        assertThat(Summary.sloMet(null, 0.0)).isFalse();
    }

    @Test
    void photosAndTheStorePutAreNotApiRequests() {
        assertThat(Summary.isApiRequest("home")).isTrue();
        assertThat(Summary.isApiRequest("upload: presign")).isTrue();
        assertThat(Summary.isApiRequest("photo (timeline)")).isFalse();
        assertThat(Summary.isApiRequest("upload: PUT to the store")).isFalse();
    }

    @Test
    void eachComponentCountsInItsTier() {
        assertThat(Summary.tier("postgres")).isEqualTo("database");
        assertThat(Summary.tier("postgres-replica-2")).isEqualTo("database");
        assertThat(Summary.tier("postgres (embedded in instance-1)")).isEqualTo("database");
        assertThat(Summary.tier("patroni (postgres-replica-1)")).isEqualTo("coordination");
        assertThat(Summary.tier("etcd")).isEqualTo("coordination");
        assertThat(Summary.tier("instance-2")).isEqualTo("api");
        assertThat(Summary.tier("worker-1")).isEqualTo("workers");
        assertThat(Summary.tier("streaming-2")).isEqualTo("streaming");
        assertThat(Summary.tier("exporter-redis")).isEqualTo("monitoring");
        assertThat(Summary.tier("prometheus")).isEqualTo("monitoring");
    }

    @Test
    void aCompleteCleanRunHasNoProblems() {
        assertThat(Summary.problems(summary())).isEmpty();
    }

    @Test
    void errorsAndMissingFiguresAreProblems() {
        Map<String, Object> summary = summary();
        traffic(summary).put("errors", 3L);
        traffic(summary).put("p99_ms", null);
        database(summary).put("queries", 0L);
        assertThat(Summary.problems(summary)).containsExactlyInAnyOrder(
                "3 requests failed (Gatling's report says which)",
                "traffic.p99_ms is missing",
                "pg_stat_statements counted no queries");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> traffic(Map<String, Object> summary) {
        return (Map<String, Object>) summary.get("traffic");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> database(Map<String, Object> summary) {
        return (Map<String, Object>) summary.get("database");
    }

    private static Map<String, Object> summary() {
        Map<String, Object> traffic = new HashMap<>(Map.of("requests", 500L, "errors", 0L, "requests_per_second", 16.6,
                "p50_ms", 5L, "p95_ms", 20L, "sessions_completed", 30L));
        traffic.put("p99_ms", 60L);
        Map<String, Object> database = new HashMap<>(Map.of("queries", 1800L, "queries_per_request", 6.5,
                "cpu_ms_per_1000_requests", 1200.0, "exec_ms_per_1000_requests", 300.0));
        Map<String, Object> images = new HashMap<>(Map.of("api_image_bytes", 0L));
        Map<String, Object> machine = new HashMap<>(Map.of("processes",
                List.of(Map.of("component", "instance-1", "cpu_seconds", 4.2))));
        return new HashMap<>(Map.of("traffic", traffic, "database", database, "images", images, "machine", machine));
    }
}
