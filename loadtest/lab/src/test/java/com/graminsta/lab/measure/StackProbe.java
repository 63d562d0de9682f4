package com.graminsta.lab.measure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What the stack did while the load ran, measured around it: the CPU time of each component
 * (its pid from `./graminsta stack status --json`, with its descendants; a Patroni node's
 * PostgreSQL by its postmaster pid, and its Patroni apart) and of the load
 * generator itself; each PostgreSQL's statements (pg_stat_statements, reset at the start); Redis
 * keyspace hits and misses where there is a Redis; and the access logs of the load balancer and
 * the media edge. {@link #start()} as the load begins, {@link #finish(Path)} once it is over.
 */
public final class StackProbe {

    private static final String LOAD_GENERATOR = "load generator (Gatling)";

    private final JsonNode status;
    private final Path stackDir;
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final List<PgStatStatements> databases = new ArrayList<>();
    private final List<RedisStats> redis = new ArrayList<>();
    private final List<CacheMetrics> caches = new ArrayList<>();
    private final Map<String, AccessLog> logs = new LinkedHashMap<>();

    private Instant started;
    private Map<String, Long> ticksAtStart;
    private long[] machineAtStart;
    private final Map<String, long[]> redisAtStart = new LinkedHashMap<>();
    private final Map<String, Map<String, long[]>> cachesAtStart = new LinkedHashMap<>();

    public StackProbe(Path stackStatusJson) {
        try {
            this.status = new ObjectMapper().readTree(stackStatusJson.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + stackStatusJson, e);
        }
        this.stackDir = Path.of(status.path("dir").asText());
        for (JsonNode component : status.path("components")) {
            String name = component.path("name").asText();
            int port = component.path("port").asInt();
            if (component.path("postmaster_pid").isNumber()) {
                // Stage 6: pid is the node's Patroni, which does not count the PostgreSQL it runs.
                pids.put(name, component.path("postmaster_pid").asLong());
                pids.put("patroni (" + name + ")", component.path("pid").asLong());
            } else if (component.path("pid").isNumber()) {
                pids.put(name, component.path("pid").asLong());
            }
            // The primary first, then its read replicas (stage 6): the queries they serve count too.
            if (name.equals("postgres") || name.startsWith("postgres-replica-")) {
                databases.add(new PgStatStatements(name, "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres",
                        read(stackDir.resolve("postgres/superuser-password")).strip()));
            }
            if (name.startsWith("instance-")) {
                embeddedPostgres(name);
                if (component.path("management_port").isNumber()) {
                    caches.add(new CacheMetrics(name, component.path("management_port").asInt()));
                }
            }
            if (name.startsWith("redis")) {
                redis.add(new RedisStats(name, port));
            }
            if (name.equals("lb") || name.equals("edge")) {
                logs.put(name, new AccessLog(stackDir.resolve(name).resolve("access.log")));
            }
        }
        pids.put(LOAD_GENERATOR, ProcessHandle.current().pid());
    }

    /** Stage 1: the instance's own PostgreSQL, found by its postmaster.pid (pid, then data dir, start time, port). */
    private void embeddedPostgres(String instance) {
        Path pidFile = stackDir.resolve(instance).resolve("data/postgres/postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = read(pidFile).lines().toList();
        String name = "postgres (embedded in " + instance + ")";
        pids.put(name, Long.parseLong(lines.get(0).strip()));
        databases.add(new PgStatStatements(name, "jdbc:postgresql://127.0.0.1:" + lines.get(3).strip() + "/postgres",
                "postgres", ""));
    }

    public void start() {
        try {
            for (PgStatStatements database : databases) {
                database.reset();
            }
            for (RedisStats server : redis) {
                redisAtStart.put(server.name(), server.read());
            }
            for (CacheMetrics cache : caches) {
                cachesAtStart.put(cache.instance(), cache.read());
            }
            for (AccessLog log : logs.values()) {
                log.mark();
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot start measuring the stack: " + e.getMessage(), e);
        }
        started = Instant.now();
        machineAtStart = ProcessCpu.machineTicks();
        ticksAtStart = ticks();
    }

    public void finish(Path out) {
        Map<String, Long> ticksAtEnd = ticks();
        long[] machineAtEnd = ProcessCpu.machineTicks();
        Instant ended = Instant.now();
        double hz = ProcessCpu.ticksPerSecond();

        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("stage", status.path("stage").asInt());
        probe.put("instances", status.path("instances").asInt());
        probe.put("started", started.toString());
        probe.put("ended", ended.toString());
        probe.put("seconds", Duration.between(started, ended).toMillis() / 1000.0);
        probe.put("cores", Runtime.getRuntime().availableProcessors());

        List<Map<String, Object>> processes = new ArrayList<>();
        ticksAtEnd.forEach((name, end) -> {
            Long start = ticksAtStart.get(name);
            Map<String, Object> process = new LinkedHashMap<>();
            process.put("component", name);
            process.put("pid", pids.get(name));
            process.put("cpu_seconds", start == null ? null : PgStatStatements.round((end - start) / hz));
            processes.add(process);
        });
        probe.put("processes", processes);
        probe.put("machine_busy_cpu_seconds", PgStatStatements.round((machineAtEnd[0] - machineAtStart[0]) / hz));
        probe.put("machine_total_cpu_seconds", PgStatStatements.round((machineAtEnd[1] - machineAtStart[1]) / hz));
        probe.put("cpu_source", "/proc/<pid>/stat utime+stime (+ reaped children) of each component's process tree");

        try {
            List<Map<String, Object>> postgres = new ArrayList<>();
            for (PgStatStatements database : databases) {
                postgres.add(database.read());
            }
            probe.put("postgres", postgres);
            List<Map<String, Object>> redisFigures = new ArrayList<>();
            for (RedisStats server : redis) {
                long[] end = server.read();
                long[] start = redisAtStart.get(server.name());
                redisFigures.add(Map.of("server", server.name(), "hits", end[0] - start[0], "misses", end[1] - start[1]));
            }
            probe.put("redis", redisFigures);
            // The application's caches, added up over the instances, per cache name.
            Map<String, long[]> byCache = new LinkedHashMap<>();
            for (CacheMetrics cache : caches) {
                Map<String, long[]> start = cachesAtStart.get(cache.instance());
                cache.read().forEach((name, end) -> {
                    long[] before = start.getOrDefault(name, new long[2]);
                    long[] sum = byCache.computeIfAbsent(name, k -> new long[2]);
                    sum[0] += end[0] - before[0];
                    sum[1] += end[1] - before[1];
                });
            }
            Map<String, Object> appCaches = new LinkedHashMap<>();
            byCache.forEach((name, counts) -> appCaches.put(name, Map.of("hits", counts[0], "misses", counts[1])));
            probe.put("app_caches", appCaches);
            probe.put("app_caches_read", !caches.isEmpty());
            Map<String, Object> accessLogs = new LinkedHashMap<>();
            for (Map.Entry<String, AccessLog> log : logs.entrySet()) {
                accessLogs.put(log.getKey(), log.getValue().readSinceMark());
            }
            probe.put("access_logs", accessLogs);
            Files.createDirectories(out.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), probe);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot read the stack's figures after the run: " + e.getMessage(), e);
        }
    }

    private Map<String, Long> ticks() {
        Map<Long, ProcessCpu.Process> now = ProcessCpu.snapshot();
        Map<String, Long> ticks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            if (now.containsKey(pid)) {
                ticks.put(name, ProcessCpu.treeTicks(now, pid, pids.values()));
            }
        });
        return ticks;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
