package com.graminsta.lab.report;

import static com.graminsta.lab.report.StagesReport.number;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.graminsta.lab.report.StagesReport.Peak;
import com.graminsta.lab.workload.Mix;

/** The text of docs/stages.md: the table, the chart, the 100k-user peak, and how it was measured. */
final class StagesPage {

    private StagesPage() {
    }

    static String markdown(ObjectNode stages, Peak peak) {
        StringBuilder md = new StringBuilder();
        md.append("""
                # What each stage buys, measured

                Written by `./graminsta lab stages` (issue 9; [loadtest/lab](../loadtest/lab/README.md)); rerun it
                rather than editing by hand. Each row is a stage of [the scaling guide](scaling.md) started with
                `./graminsta stack up`, loaded with the same dataset (`./graminsta lab dataset`), and offered a
                rate of Mastodon-client sessions stepped up until p99 passed %d ms or errors passed %s %%.

                **One machine.** The load generator (Gatling), PostgreSQL, nginx, s3proxy and every Graminsta
                instance share the same 2 cores. More instances cannot add capacity here, and each proxy or extra
                process costs CPU, so later stages can measure *lower* capacity than stage 1 on this machine; the
                per-request costs (queries, database CPU, API image bytes) are what carries over to separate
                machines. The last column is the load generator's own share of the CPU the machine spent.

                """.formatted(Summary.SLO_P99_MS, number(Summary.SLO_ERROR_RATE * 100)));

        md.append("| Stage | What it adds | Users | Capacity at p99 ≤ 100 ms | p99 at the 100k peak (")
                .append(number(peak.sessionsPerSecond()))
                .append(" sessions/s) | Queries per request | DB CPU per 1,000 requests | Cache hit ratio | API image bytes per session | Load generator's CPU share |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = StagesReport.byStage(stages); it.hasNext(); ) {
            JsonNode row = it.next().getValue();
            JsonNode fixed = row.path("at_peak");
            md.append("| ").append(row.path("stage").asInt())
                    .append(" | ").append(row.path("adds").asText())
                    .append(" | ").append(number(row.path("users").asDouble()))
                    .append(" | ").append(capacity(row))
                    .append(" | ").append(ms(fixed.path("p99_ms")))
                    .append(atRate(fixed, peak))
                    .append(" | ").append(decimal(fixed.path("queries_per_request")))
                    .append(" | ").append(fixed.path("db_cpu_ms_per_1000_requests").isNumber()
                            ? number(Math.round(fixed.path("db_cpu_ms_per_1000_requests").asDouble())) + " ms" : "—")
                    .append(" | ").append(fixed.path("cache_hit_ratio").isNumber()
                            ? percent(fixed.path("cache_hit_ratio").asDouble()) : "no cache")
                    .append(" | ").append(bytes(fixed.path("api_image_bytes_per_session")))
                    .append(" | ").append(fixed.path("load_generator_share_of_busy").isNumber()
                            ? percent(fixed.path("load_generator_share_of_busy").asDouble()) : "—")
                    .append(" |\n");
        }
        md.append("\nMeasured:");
        String separator = " ";
        for (Iterator<Map.Entry<String, JsonNode>> it = StagesReport.byStage(stages); it.hasNext(); ) {
            JsonNode row = it.next().getValue();
            md.append(separator).append("stage ").append(row.path("stage").asInt()).append(" on ")
                    .append(row.path("measured").asText()).append(" (").append(row.path("machine").asText("this machine"))
                    .append(", ").append(row.path("instances").asInt()).append(row.path("instances").asInt() == 1 ? " instance)" : " instances)");
            separator = "; ";
        }
        md.append(".\n");
        md.append("""

                Per request means per API request: photos and uploads to the object store never reach the
                database, so they are left out of the denominator (they are in the latencies). The figures after
                the capacity are from the step nearest the 100k-user peak.

                ![p99 against offered load, one line per stage](stages.svg)

                Filled points met the SLO, hollow ones did not. Capacity is the highest rate that met it with
                no lower rate missing it.

                """);
        peakSection(md, stages, peak);
        costSection(md, stages);
        stepsSection(md, stages);
        methodSection(md);
        return md.toString();
    }

    private static void peakSection(StringBuilder md, ObjectNode stages, Peak peak) {
        JsonNode reference = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = StagesReport.byStage(stages); it.hasNext() && reference == null; ) {
            reference = it.next().getValue().path("at_peak");
        }
        double apiPerSession = reference == null ? Double.NaN : reference.path("api_requests_per_session").asDouble(Double.NaN);
        double allPerSession = reference == null ? Double.NaN : reference.path("requests_per_session").asDouble(Double.NaN);
        md.append("## The 100,000-user peak\n\n");
        md.append("What \"serving 100,000 users\" asks of the servers in their busiest hour. Each line is an assumption")
                .append(" (in `loadtest/lab/stages/peak.env`) or follows from them:\n\n");
        md.append("| | | |\n|---|---|---|\n");
        md.append("| Registered accounts | ").append(number(peak.registered())).append(" | |\n");
        md.append("| Daily actives | ").append(number(peak.dailyActives())).append(" | ").append(percent(peak.dailyActiveShare()))
                .append(" of accounts: social apps that people keep see 20–30 % daily |\n");
        md.append("| Sessions a day | ").append(number(peak.sessionsPerDay())).append(" | ").append(number(peak.sessionsPerActive()))
                .append(" app opens per daily active: a look at the feed between other things |\n");
        md.append("| Sessions in the peak hour | ").append(number(Math.round(peak.peakHourSessions()))).append(" | ")
                .append(percent(peak.peakHourShare())).append(" of the day's sessions in its busiest hour (a flat day would be 4.2 %) |\n");
        md.append("| **Peak sessions per second** | **").append(number(peak.sessionsPerSecond())).append("** | ")
                .append("what `lab stages` offers as its fixed rate |\n");
        if (!Double.isNaN(apiPerSession)) {
            md.append("| Requests per session | ").append(number(allPerSession)).append(" | of which ").append(number(apiPerSession))
                    .append(" API requests, the rest photos (measured at that rate; a session fetches a photo its HTTP cache already holds only once) |\n");
            md.append("| **Peak requests per second** | **").append(number(Math.round(peak.sessionsPerSecond() * allPerSession)))
                    .append("** | of which ").append(number(Math.round(peak.sessionsPerSecond() * apiPerSession))).append(" API requests |\n");
        }
        md.append(String.format(Locale.ROOT, """

                A session follows the workload's mix (`loadtest/lab/.../Mix.java`): the home timeline, pages 1 and
                %d, with each post's first photo; %d profile views (mavid takes %s of them, the rest follow Zipf's
                law over the follower ranks), each with the account's posts; %d post pages with their comments and
                photo; the notifications; on average %s like, %s comments, %s follows, %s searches and %s photo
                posts; %s–%s s of thinking between screens.

                """, Mix.HOME_PAGES, Mix.PROFILE_VIEWS, percent(Mix.MAVID_SHARE), Mix.POST_PAGES, number(Mix.LIKES),
                number(Mix.COMMENTS), number(Mix.FOLLOWS), number(Mix.SEARCHES), number(Mix.UPLOADS),
                number(Mix.THINK_MIN.toMillis() / 1000.0), number(Mix.THINK_MAX.toMillis() / 1000.0)));
    }

    private static void costSection(StringBuilder md, ObjectNode stages) {
        md.append("## Where a request's CPU goes\n\n");
        md.append("CPU milliseconds per API request at the peak rate, by tier, from each process's /proc times (the load ")
                .append("generator's included for scale). On machines of their own, a tier of *c* cores would serve about ")
                .append("*c* × 1,000 / (its ms per request) requests a second: a projection, not a measurement.\n\n");
        md.append("| Stage | API instances | Workers | Streaming | Database | Cache (Redis) | Coordination (Patroni, etcd) ")
                .append("| Proxies (nginx) | Object store | Monitoring | Load generator | Machine busy |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = StagesReport.byStage(stages); it.hasNext(); ) {
            JsonNode row = it.next().getValue();
            JsonNode cost = row.path("at_peak").path("cpu_ms_per_api_request");
            md.append("| ").append(row.path("stage").asInt())
                    .append(" | ").append(decimal(cost.path("api")))
                    .append(" | ").append(decimal(cost.path("workers")))
                    .append(" | ").append(decimal(cost.path("streaming")))
                    .append(" | ").append(decimal(cost.path("database")))
                    .append(" | ").append(decimal(cost.path("cache")))
                    .append(" | ").append(decimal(cost.path("coordination")))
                    .append(" | ").append(decimal(cost.path("proxy")))
                    .append(" | ").append(decimal(cost.path("object_store")))
                    .append(" | ").append(decimal(cost.path("monitoring")))
                    .append(" | ").append(decimal(cost.path("load_generator")))
                    .append(" | ").append(row.path("at_peak").path("machine_busy_share").isNumber()
                            ? percent(row.path("at_peak").path("machine_busy_share").asDouble()) : "—")
                    .append(" |\n");
        }
        md.append("\n");
    }

    private static void stepsSection(StringBuilder md, ObjectNode stages) {
        md.append("## Every step\n\n");
        md.append("| Stage | Offered sessions/s | Requests/s | p50 | p99 | Errors | SLO met | Load generator's share |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = StagesReport.byStage(stages); it.hasNext(); ) {
            JsonNode row = it.next().getValue();
            for (JsonNode step : row.path("steps")) {
                md.append("| ").append(row.path("stage").asInt())
                        .append(" | ").append(number(step.path("offered_sessions_per_second").asDouble()))
                        .append(" | ").append(decimal(step.path("requests_per_second")))
                        .append(" | ").append(ms(step.path("p50_ms")))
                        .append(" | ").append(ms(step.path("p99_ms")))
                        .append(" | ").append(step.path("error_rate").isNumber() ? percent(step.path("error_rate").asDouble()) : "—")
                        .append(" | ").append(step.path("slo_met").asBoolean() ? "yes" : "no")
                        .append(" | ").append(step.path("load_generator_share_of_busy").isNumber()
                                ? percent(step.path("load_generator_share_of_busy").asDouble()) : "—")
                        .append(" |\n");
            }
        }
        md.append("\n");
    }

    private static void methodSection(StringBuilder md) {
        md.append("""
                ## How it is measured

                - **Load**: an open model. Sessions arrive at the offered rate whether or not the server keeps up
                  (Gatling's `constantUsersPerSec`, after a short ramp), so a slow server meets a growing queue, as
                  it would in production. Each stage gets a warm-up run first (not counted); the steps start
                  at the 100k-user peak rate and go up by ×1.4 while the SLO holds (or down while it does not),
                  then one more between the highest rate that held and the lowest that did not.
                - **Latency**: Gatling's, at the client, from sending to the last byte, of every request, photos
                  included, failed ones included.
                - **Queries per request**: `pg_stat_statements` on every PostgreSQL of the stack, reset before the
                  run and read after; queries leave out transaction control and settings (BEGIN, COMMIT, SET, SHOW).
                - **Database CPU**: user and system time of every PostgreSQL process (postmaster, backends,
                  background workers) from `/proc/<pid>/stat`, before and after; `pg_stat_statements`'
                  `total_exec_time` is in each run's summary.json too, but it counts waits, not CPU.
                - **Cache hit ratio**: the application's caches (`platform/cache`: accounts, in-process unless a
                  Redis is configured) as every instance counts their reads (`graminsta_cache_hits_total`,
                  `_misses_total` on its management port), before and after; where a stage has a Redis, its
                  `INFO stats` keyspace hits and misses are in summary.json too, as is stage 5's media edge's
                  own hit ratio.
                - **API image bytes**: the bytes of every photo the sessions fetched from the API's origin (the
                  instances, or the load balancer in front of them), counted at the client; from stage 5 photos
                  come from the edge. The load balancer's log counts the same from stage 4 on.
                - **CPU per process**: `/proc/<pid>/stat` of each component the stack's pid files name, with its
                  children (nginx workers, PostgreSQL backends), and of the load generator's JVM.

                Each run keeps its `summary.json` and Gatling's HTML report under `loadtest/lab/results/`.
                """);
    }

    private static String capacity(JsonNode row) {
        if (row.path("capacity_sessions_per_second").isNumber()) {
            return number(row.path("capacity_sessions_per_second").asDouble()) + " sessions/s ("
                    + decimal(row.path("capacity_requests_per_second")) + " req/s)";
        }
        return "below " + number(row.path("capacity_below_sessions_per_second").asDouble()) + " sessions/s";
    }

    private static String atRate(JsonNode fixed, Peak peak) {
        double rate = fixed.path("offered_sessions_per_second").asDouble();
        return Math.abs(rate - peak.sessionsPerSecond()) < 0.05 ? "" : " (at " + number(rate) + "/s)";
    }

    private static String ms(JsonNode value) {
        return value.isNumber() ? number(value.asDouble()) + " ms" : "—";
    }

    private static String decimal(JsonNode value) {
        return value.isNumber() ? number(value.asDouble()) : "—";
    }

    private static String percent(double share) {
        if (share == 0) {
            return "0 %";
        }
        return String.format(Locale.ROOT, share < 0.1 ? "%.1f %%" : "%.0f %%", share * 100);
    }

    private static String bytes(JsonNode value) {
        if (!value.isNumber()) {
            return "—";
        }
        double bytes = value.asDouble();
        if (bytes < 1024) {
            return number(Math.round(bytes)) + " B";
        }
        return String.format(Locale.ROOT, "%.0f KB", bytes / 1024);
    }
}
