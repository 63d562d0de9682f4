package com.graminsta.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StagesReportTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StagesReport.Peak PEAK = new StagesReport.Peak(100_000, 0.25, 5, 0.10);

    @Test
    void thePeakFollowsFromItsAssumptions() {
        assertThat(PEAK.dailyActives()).isEqualTo(25_000);
        assertThat(PEAK.peakHourSessions()).isEqualTo(12_500);
        assertThat(PEAK.sessionsPerSecond()).isEqualTo(3.5);
    }

    @Test
    void capacityIsTheHighestRateMetWithNoLowerRateMissed() {
        ObjectNode entry = StagesReport.stageEntry(1, List.of(
                step(1, 20, true), step(2, 40, true), step(3.5, 70, true), step(4.9, 150, false),
                step(6.9, 90, true), step(4.1, 95, true)), PEAK);
        assertThat(entry.path("capacity_sessions_per_second").asDouble()).isEqualTo(4.1);
        assertThat(entry.path("at_peak").path("p99_ms").asInt()).isEqualTo(70);
        assertThat(entry.path("steps")).extracting(step -> step.path("offered_sessions_per_second").asDouble())
                .containsExactly(1.0, 2.0, 3.5, 4.1, 4.9, 6.9);
    }

    @Test
    void aStageThatMissesAtTheFirstRateHasNoCapacity() {
        ObjectNode entry = StagesReport.stageEntry(2, List.of(step(1, 300, false), step(2, 900, false)), PEAK);
        assertThat(entry.path("capacity_sessions_per_second").isNull()).isTrue();
        assertThat(entry.path("capacity_below_sessions_per_second").asDouble()).isEqualTo(1.0);
        assertThat(entry.path("at_peak").path("offered_sessions_per_second").asDouble()).isEqualTo(2.0);
    }

    @Test
    void theChartHasALinePerStageAndTheSlo() {
        ObjectNode stages = JSON.createObjectNode();
        stages.set("1", StagesReport.stageEntry(1, List.of(step(1, 20, true), step(3.5, 80, true)), PEAK));
        stages.set("4", StagesReport.stageEntry(4, List.of(step(1, 30, true), step(3.5, 200, false)), PEAK));
        String svg = Chart.svg(stages, PEAK.sessionsPerSecond());
        assertThat(svg).startsWith("<svg").contains("stage 1 (1k users)", "stage 4 (1k users)", "SLO: p99 ≤ 100 ms");
        assertThat(svg.split("<polyline", -1)).hasSize(3);
    }

    private static JsonNode step(double rate, long p99, boolean met) {
        ObjectNode summary = JSON.createObjectNode();
        summary.put("offered_sessions_per_second", rate);
        summary.put("instances", 1);
        summary.put("slo_met", met);
        summary.putObject("dataset").put("users", 1000);
        ObjectNode traffic = summary.putObject("traffic");
        traffic.put("p99_ms", p99);
        traffic.put("p50_ms", p99 / 4);
        traffic.put("error_rate", 0.0);
        traffic.put("requests_per_second", rate * 28);
        summary.putObject("database").put("queries_per_request", 6.5);
        summary.putObject("machine").put("load_generator_share_of_busy", 0.3);
        return summary;
    }
}
