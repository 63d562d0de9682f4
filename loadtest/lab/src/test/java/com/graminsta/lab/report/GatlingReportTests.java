package com.graminsta.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatlingReportTests {

    @TempDir
    Path dir;

    /** The table of a real Gatling 3.15.1 report, cut to its heading and three rows. */
    private static final Path FIXTURE = Path.of("src/test/resources/gatling-report-fixture.html");

    @Test
    void readsEveryRowByTheColumnHeadings() throws Exception {
        GatlingReport report = GatlingReport.read(FIXTURE);

        assertThat(report.rows()).containsOnlyKeys("All Requests", "home", "photo (timeline)");
        assertThat(report.all()).isEqualTo(new GatlingReport.Row(2092, 0, 56.54, 4L, 14L, 27L, 118L, 147L, 5L));
        GatlingReport.Row home = report.rows().get("home");
        assertThat(home.total()).isEqualTo(74);
        assertThat(home.p99()).isEqualTo(147);
    }

    @Test
    void aTableWithoutTheNeededPercentilesIsRefused() throws Exception {
        Path other = dir.resolve("index.html");
        Files.writeString(other, Files.readString(FIXTURE).replace("99th pct", "98th pct"));
        assertThatThrownBy(() -> GatlingReport.read(other)).hasMessageContaining("99th pct");
    }
}
