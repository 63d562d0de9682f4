package com.graminsta.lab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes a run's summary.json from Gatling's report (traffic), the stack probe (database, cache,
 * CPU, access logs) and the workload's own counts (sessions, photo bytes by origin); moves the
 * report beside it; prints the headline figures. With --check, exits 1 unless every request
 * succeeded and every figure is there: the smoke run of ./graminsta test.
 *
 * <p>Usage: Summary RESULTS_DIR GATLING_RESULTS_ROOT [--check]
 */
public final class Summary {

    /** Requests that are not API calls: photos (from the API's origin or the edge) and the PUT to the object store. */
    static boolean isApiRequest(String name) {
        return !name.startsWith("photo") && !name.equals("upload: PUT to the store");
    }

    /** The lab's SLO: p99 of every request at most this, and at most this share of errors. */
    static final long SLO_P99_MS = 100;
    static final double SLO_ERROR_RATE = 0.001;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static boolean sloMet(Number p99, Number errorRate) {
        return p99 != null && errorRate != null && p99.longValue() <= SLO_P99_MS && errorRate.doubleValue() <= SLO_ERROR_RATE;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("Usage: Summary RESULTS_DIR GATLING_RESULTS_ROOT [--check]");
        }
        Path out = Path.of(args[0]);
        boolean check = args.length > 2 && args[2].equals("--check");
        Path report = moveReport(Path.of(args[1]), out.resolve("gatling"));
        Map<String, Object> summary = summarize(out, GatlingReport.read(report.resolve("index.html")));
        JSON.writeValue(out.resolve("summary.json").toFile(), summary);
        writeVerdict(out, summary);
        print(out, summary);
        if (check) {
            List<String> problems = problems(summary);
            if (!problems.isEmpty()) {
                System.err.println("lab run check failed:");
                problems.forEach(problem -> System.err.println("  - " + problem));
                System.exit(1);
            }
            System.out.println("lab run check: every request succeeded and every figure is there");
        }
    }

    /** Gatling writes its report in a new folder per run; the newest is this run's. */
    static Path moveReport(Path gatlingRoot, Path target) throws IOException {
        Optional<Path> newest;
        try (Stream<Path> runs = Files.list(gatlingRoot)) {
            newest = runs.filter(Files::isDirectory)
                    .filter(dir -> Files.exists(dir.resolve("index.html")))
                    .max(Comparator.comparing(dir -> dir.toFile().lastModified()));
        }
        Path report = newest.orElseThrow(() -> new IllegalStateException("No Gatling report under " + gatlingRoot));
        Files.move(report, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    static Map<String, Object> summarize(Path out, GatlingReport report) throws IOException {
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        JsonNode probe = JSON.readTree(out.resolve("probe.json").toFile());
        JsonNode workload = JSON.readTree(out.resolve("workload.json").toFile());
        JsonNode dataset = JSON.readTree(out.resolve("dataset.json").toFile());
        double seconds = probe.path("seconds").asDouble();

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("stage", run.path("stage").asInt());
        summary.put("instances", probe.path("instances").asInt());
        summary.put("started", probe.path("started").asText());
        summary.put("seconds", seconds);
        summary.put("offered_sessions_per_second", run.path("rate").asDouble());
        summary.put("duration_seconds", run.path("duration_seconds").asInt());
        summary.put("api_url", run.path("api_url").asText());
        summary.put("dataset", datasetFacts(dataset));

        Traffic traffic = Traffic.of(report, workload);
        summary.put("traffic", traffic.json());
        summary.put("slo_met", sloMet((Number) traffic.overall().get("p99_ms"), (Number) traffic.overall().get("error_rate")));
        summary.put("slo", "p99 of all requests <= " + SLO_P99_MS + " ms and errors <= " + SLO_ERROR_RATE * 100 + " %");
        summary.put("database", database(probe, traffic.apiRequests()));
        summary.put("cache", cache(probe));
        summary.put("images", images(probe, workload, traffic));
        summary.put("machine", machine(probe, traffic.apiRequests()));
        return summary;
    }

    private static Map<String, Object> datasetFacts(JsonNode dataset) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (String field : List.of("users", "seed", "posts", "follows", "likes", "comments")) {
            facts.put(field, dataset.path(field).isNumber() ? dataset.path(field).asLong() : null);
        }
        return facts;
    }

    /** Gatling's figures: all requests, and one entry per request name. */
    record Traffic(Map<String, Object> overall, Map<String, Map<String, Object>> byRequest, long apiRequests,
                   long sessions, long sessionsEnded) {

        static Traffic of(GatlingReport report, JsonNode workload) {
            Map<String, Object> overall = figures(report.all());
            Map<String, Map<String, Object>> byRequest = new LinkedHashMap<>();
            long api = 0;
            for (Map.Entry<String, GatlingReport.Row> request : report.rows().entrySet()) {
                if (request.getKey().equals(GatlingReport.ALL)) {
                    continue;
                }
                byRequest.put(request.getKey(), figures(request.getValue()));
                if (isApiRequest(request.getKey())) {
                    api += request.getValue().total();
                }
            }
            return new Traffic(overall, byRequest, api, workload.path("sessions_begun").asLong(),
                    workload.path("sessions_ended").asLong());
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>(overall);
            json.put("api_requests", apiRequests);
            json.put("sessions", sessions);
            json.put("sessions_completed", sessionsEnded);
            json.put("api_requests_per_session", sessions == 0 ? null : round(apiRequests / (double) sessions));
            json.put("requests_per_session", sessions == 0 ? null : round(((Number) overall.get("requests")).doubleValue() / sessions));
            json.put("by_request", byRequest);
            return json;
        }

        /** Gatling counts a response time for failed requests too: a failure is an answer, and may have been slow. */
        private static Map<String, Object> figures(GatlingReport.Row row) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("requests", row.total());
            figures.put("errors", row.ko());
            figures.put("error_rate", row.total() == 0 ? null : round(row.ko() / (double) row.total()));
            figures.put("requests_per_second", row.perSecond());
            figures.put("p50_ms", row.p50());
            figures.put("p95_ms", row.p95());
            figures.put("p99_ms", row.p99());
            figures.put("p999_ms", row.p999());
            figures.put("max_ms", row.max());
            figures.put("mean_ms", row.mean());
            return figures;
        }
    }

    private static Map<String, Object> database(JsonNode probe, long apiRequests) {
        long statements = 0, queries = 0;
        double execMs = 0;
        for (JsonNode server : probe.path("postgres")) {
            statements += server.path("statements").asLong();
            queries += server.path("queries").asLong();
            execMs += server.path("exec_ms").asDouble();
        }
        double cpuSeconds = 0;
        boolean any = false;
        for (JsonNode process : probe.path("processes")) {
            if (process.path("component").asText().startsWith("postgres") && process.path("cpu_seconds").isNumber()) {
                cpuSeconds += process.path("cpu_seconds").asDouble();
                any = true;
            }
        }
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("servers", probe.path("postgres"));
        database.put("statements", statements);
        database.put("queries", queries);
        database.put("queries_per_request", perRequest(queries, apiRequests, 1));
        database.put("statements_per_request", perRequest(statements, apiRequests, 1));
        database.put("cpu_seconds", any ? round(cpuSeconds) : null);
        database.put("cpu_ms_per_1000_requests", any ? perRequest(cpuSeconds * 1000, apiRequests, 1000) : null);
        database.put("exec_ms_per_1000_requests", perRequest(execMs, apiRequests, 1000));
        database.put("per", "API request (photos and the PUT to the object store never reach the database)");
        database.put("cpu_source", "/proc/<pid>/stat of every PostgreSQL process (postmaster, backends, background"
                + " workers): utime + stime; exec_ms is pg_stat_statements' total_exec_time (waits included)");
        database.put("queries_source", "pg_stat_statements calls, reset before the run; queries leave out"
                + " BEGIN/COMMIT/SET/SHOW, statements count everything");
        return database;
    }

    /**
     * The application's caches (platform/cache), from the instances' metrics: whatever the backend,
     * the share of reads the cache answered. Redis's own keyspace figures are added where the stage
     * has a Redis (stage 6 on).
     */
    private static Map<String, Object> cache(JsonNode probe) {
        long hits = 0, misses = 0;
        Map<String, Object> byCache = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = probe.path("app_caches").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> cache = it.next();
            long h = cache.getValue().path("hits").asLong(), m = cache.getValue().path("misses").asLong();
            hits += h;
            misses += m;
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("hits", h);
            figures.put("misses", m);
            figures.put("hit_ratio", h + m == 0 ? null : round(h / (double) (h + m)));
            byCache.put(cache.getKey(), figures);
        }
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("hit_ratio", hits + misses == 0 ? null : round(hits / (double) (hits + misses)));
        cache.put("hits", hits);
        cache.put("misses", misses);
        cache.put("by_cache", byCache);
        cache.put("source", probe.path("app_caches_read").asBoolean()
                ? "graminsta_cache_hits_total and _misses_total on every instance's /actuator/prometheus, before and after"
                : "no instance metrics were read");
        List<Map<String, Object>> redis = new ArrayList<>();
        for (JsonNode server : probe.path("redis")) {
            long h = server.path("hits").asLong(), m = server.path("misses").asLong();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("server", server.path("server").asText());
            figures.put("keyspace_hits", h);
            figures.put("keyspace_misses", m);
            figures.put("hit_ratio", h + m == 0 ? null : round(h / (double) (h + m)));
            redis.add(figures);
        }
        cache.put("redis", redis);
        return cache;
    }

    private static Map<String, Object> images(JsonNode probe, JsonNode workload, Traffic traffic) {
        Map<String, Object> images = new LinkedHashMap<>();
        long apiBytes = workload.path("api_image_bytes").asLong();
        images.put("api_image_bytes", apiBytes);
        images.put("api_image_requests", workload.path("api_image_requests").asLong());
        images.put("api_image_bytes_per_session", traffic.sessions() == 0 ? null : round(apiBytes / (double) traffic.sessions()));
        images.put("other_image_bytes", workload.path("other_image_bytes").asLong());
        images.put("other_image_requests", workload.path("other_image_requests").asLong());
        images.put("source", "bytes of each photo the sessions fetched, by the URL's origin: the API's (instances,"
                + " or the load balancer in front of them) or another (the media edge)");
        JsonNode lb = probe.path("access_logs").path("lb");
        images.put("load_balancer_image_bytes", lb.isMissingNode() ? null : lb.path("image_bytes").asLong());
        JsonNode edge = probe.path("access_logs").path("edge");
        if (!edge.isMissingNode()) {
            long hits = edge.path("cache_hits").asLong(), misses = edge.path("cache_misses").asLong();
            Map<String, Object> edgeFigures = new LinkedHashMap<>();
            edgeFigures.put("requests", edge.path("requests").asLong());
            edgeFigures.put("bytes", edge.path("bytes").asLong());
            edgeFigures.put("cache_hit_ratio", hits + misses == 0 ? null : round(hits / (double) (hits + misses)));
            images.put("edge", edgeFigures);
        }
        return images;
    }

    private static Map<String, Object> machine(JsonNode probe, long apiRequests) {
        double seconds = probe.path("seconds").asDouble();
        int cores = probe.path("cores").asInt();
        double busy = probe.path("machine_busy_cpu_seconds").asDouble();
        List<Map<String, Object>> processes = new ArrayList<>();
        double measured = 0;
        double loadGenerator = 0;
        Map<String, Double> tiers = new LinkedHashMap<>();
        for (JsonNode process : probe.path("processes")) {
            String component = process.path("component").asText();
            Double cpu = process.path("cpu_seconds").isNumber() ? process.path("cpu_seconds").asDouble() : null;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("component", component);
            entry.put("pid", process.path("pid").asLong());
            entry.put("cpu_seconds", cpu);
            entry.put("share_of_machine", cpu == null || seconds == 0 ? null : round(cpu / (cores * seconds)));
            processes.add(entry);
            if (cpu != null) {
                measured += cpu;
                tiers.merge(tier(component), cpu, Double::sum);
                if (component.startsWith("load generator")) {
                    loadGenerator = cpu;
                }
            }
        }
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", cores);
        machine.put("seconds", seconds);
        machine.put("busy_cpu_seconds", busy);
        machine.put("busy_share", seconds == 0 ? null : round(busy / (cores * seconds)));
        machine.put("load_generator_cpu_seconds", loadGenerator);
        machine.put("load_generator_share_of_busy", busy == 0 ? null : round(loadGenerator / busy));
        machine.put("other_processes_cpu_seconds", round(Math.max(0, busy - measured)));
        machine.put("processes", processes);
        Map<String, Object> perRequest = new LinkedHashMap<>();
        tiers.forEach((tier, cpu) -> perRequest.put(tier, perRequest(cpu * 1000, apiRequests, 1)));
        machine.put("cpu_ms_per_api_request", perRequest);
        machine.put("cpu_source", probe.path("cpu_source").asText());
        return machine;
    }

    /** The tiers of the components named by how their names begin (no name begins with two of these). */
    private static final Map<String, String> TIER_BY_PREFIX = Map.of(
            "instance-", "api",
            "worker-", "workers",
            "streaming-", "streaming",
            "postgres", "database",
            "redis", "cache",
            "patroni", "coordination",
            "etcd", "coordination",
            "exporter-", "monitoring",
            "prometheus", "monitoring",
            "load generator", "load_generator");

    /** The tier a component belongs to, for the cost of a request in each. */
    static String tier(String component) {
        for (Map.Entry<String, String> prefix : TIER_BY_PREFIX.entrySet()) {
            if (component.startsWith(prefix.getKey())) {
                return prefix.getValue();
            }
        }
        return switch (component) {
            case "lb", "edge", "web" -> "proxy";
            case "s3" -> "object_store";
            default -> component;
        };
    }

    /** The figures `lab stages` steps on, as shell assignments. */
    private static void writeVerdict(Path out, Map<String, Object> summary) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> traffic = (Map<String, Object>) summary.get("traffic");
        Files.writeString(out.resolve("verdict.env"), """
                P99_MS=%s
                ERROR_RATE=%s
                REQUESTS=%s
                REQUESTS_PER_SECOND=%s
                SLO_MET=%s
                """.formatted(traffic.get("p99_ms"), traffic.get("error_rate"), traffic.get("requests"),
                traffic.get("requests_per_second"),
                sloMet((Number) traffic.get("p99_ms"), (Number) traffic.get("error_rate"))));
    }

    @SuppressWarnings("unchecked")
    private static void print(Path out, Map<String, Object> summary) {
        Map<String, Object> traffic = (Map<String, Object>) summary.get("traffic");
        Map<String, Object> database = (Map<String, Object>) summary.get("database");
        Map<String, Object> images = (Map<String, Object>) summary.get("images");
        Map<String, Object> machine = (Map<String, Object>) summary.get("machine");
        System.out.printf("""

                == Lab run, stage %s: %s sessions/s offered for %s s
                requests %s (%s/s), errors %s; p50 %s ms, p95 %s ms, p99 %s ms
                database: %s queries per API request, %s ms CPU per 1,000 API requests
                API image bytes %s; load generator %s CPU s (%s of the machine's busy time)
                summary: %s
                report:  %s
                """,
                summary.get("stage"), summary.get("offered_sessions_per_second"), summary.get("duration_seconds"),
                traffic.get("requests"), traffic.get("requests_per_second"), traffic.get("errors"),
                traffic.get("p50_ms"), traffic.get("p95_ms"), traffic.get("p99_ms"),
                database.get("queries_per_request"), database.get("cpu_ms_per_1000_requests"),
                images.get("api_image_bytes"), machine.get("load_generator_cpu_seconds"),
                machine.get("load_generator_share_of_busy"),
                out.resolve("summary.json"), out.resolve("gatling/index.html"));
    }

    /** What makes a smoke run fail: an error, or a figure that is not there. */
    @SuppressWarnings("unchecked")
    static List<String> problems(Map<String, Object> summary) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> traffic = (Map<String, Object>) summary.get("traffic");
        Map<String, Object> database = (Map<String, Object>) summary.get("database");
        Map<String, Object> images = (Map<String, Object>) summary.get("images");
        Map<String, Object> machine = (Map<String, Object>) summary.get("machine");
        if (!(traffic.get("requests") instanceof Long requests) || requests == 0) {
            problems.add("no requests were made");
        }
        if (!(traffic.get("errors") instanceof Long errors) || errors != 0) {
            problems.add(traffic.get("errors") + " requests failed (Gatling's report says which)");
        }
        for (String figure : List.of("requests_per_second", "p50_ms", "p95_ms", "p99_ms", "sessions_completed")) {
            if (traffic.get(figure) == null) {
                problems.add("traffic." + figure + " is missing");
            }
        }
        if (((Number) traffic.getOrDefault("sessions_completed", 0L)).longValue() == 0) {
            problems.add("no session went through to the end");
        }
        for (String figure : List.of("queries_per_request", "cpu_ms_per_1000_requests", "exec_ms_per_1000_requests")) {
            if (database.get(figure) == null) {
                problems.add("database." + figure + " is missing");
            }
        }
        if (((Number) database.getOrDefault("queries", 0L)).longValue() == 0) {
            problems.add("pg_stat_statements counted no queries");
        }
        Map<String, Object> cache = (Map<String, Object>) summary.get("cache");
        if (cache != null && String.valueOf(cache.get("source")).startsWith("graminsta_cache") && cache.get("hit_ratio") == null) {
            problems.add("cache.hit_ratio is missing: the instances counted no cache reads");
        }
        if (images.get("api_image_bytes") == null) {
            problems.add("images.api_image_bytes is missing");
        }
        for (Map<String, Object> process : (List<Map<String, Object>>) machine.get("processes")) {
            if (process.get("cpu_seconds") == null) {
                problems.add("no CPU time for " + process.get("component"));
            }
        }
        return problems;
    }

    private static Double perRequest(double amount, long requests, int per) {
        return requests == 0 ? null : round(amount * per / requests);
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
