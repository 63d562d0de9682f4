package com.graminsta.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.management.OperatingSystemMXBean;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A PostgreSQL server run by this process, or none when an external database is configured. */
final class EmbeddedDatabase implements AutoCloseable {

    static final EmbeddedDatabase NONE = new EmbeddedDatabase(null);

    /**
     * Stage 1 is production for a small community, so an acknowledged write must survive a crash
     * or a power cut. The library's defaults are for throwaway test databases: it starts the
     * server with {@code -F} (fsync off) and {@code synchronous_commit=off}. Settings given with
     * {@code -c} come after {@code -F} on the command line, and the last one wins.
     * pg_stat_statements is loaded as on most managed databases: it costs little, and it is how
     * {@code ./graminsta lab run} counts the queries per request (loading it creates nothing;
     * the lab creates the extension when it reads it).
     * <p>
     * WAL is always handed to an archive command, which does nothing until {@code ./graminsta
     * backup} has installed its hook in {@code <data dir>/backup/wal} (the command runs in the
     * cluster's folder, {@code <data dir>/postgres}): archive_mode needs a restart to change and
     * the hook does not, so a first backup needs no restart. A segment is switched at least once a
     * minute while anything is written, which bounds what a lost disk loses (docs/decisions/0020).
     */
    static final Map<String, String> SERVER_SETTINGS = Map.of(
            "fsync", "on",
            "synchronous_commit", "on",
            "full_page_writes", "on",
            "shared_preload_libraries", "pg_stat_statements",
            "archive_mode", "on",
            // Quoted for the shell: the library hands every setting to pg_ctl in one -o string.
            "archive_command", "'test ! -x ../backup/wal || ../backup/wal archive \"%p\" \"%f\"'",
            "archive_timeout", "60");

    /**
     * PostgreSQL's own defaults fit a machine of 2005: 128 MB of buffers whatever the machine has.
     * Stage 1 owns its machine, so the database is sized to it as pgtune and the managed services
     * size theirs: a quarter of the memory for buffers (at most 8 GB), half of it as the cache
     * the planner may count on. With the lab's 100,000 users (7.4 GB) the default buffers missed
     * one read in ten. No JIT: it pays off on long analytical queries and only adds compile time
     * to the short ones a web application sends. Pages come from SSDs, where a random read costs
     * little more than a sequential one.
     */
    static Map<String, String> memorySettings(long machineBytes) {
        long megabytes = machineBytes / (1024 * 1024);
        long buffers = Math.clamp(megabytes / 4, 128, 8192);
        long cache = Math.max(megabytes / 2, buffers);
        return Map.of(
                "shared_buffers", buffers + "MB",
                "effective_cache_size", cache + "MB",
                "jit", "off",
                "random_page_cost", "1.1");
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            stopOrphan(dataDirectory);
            long started = System.nanoTime();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            SERVER_SETTINGS.forEach(builder::setServerConfig);
            memorySettings(machineMemory()).forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // Spring closes it after the web server has drained, not a JVM hook before.
                    .setRegisterShutdownHook(false)
                    .start();
            log.info("Embedded PostgreSQL started in {} ms on port {} with data in {}",
                    (System.nanoTime() - started) / 1_000_000, postgres.getPort(), dataDirectory.toAbsolutePath());
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * A server killed hard (kill -9) leaves its PostgreSQL running on the data directory, and
     * a new one could not start there; stop it first. SIGTERM is PostgreSQL's smart shutdown,
     * and nothing is connected to an orphan, so it stops at once and loses nothing.
     */
    static void stopOrphan(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.getFirst().strip());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid)
                .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return; // a stale file: PostgreSQL replaces it itself
        }
        log.warn("Stopping the PostgreSQL (pid {}) an earlier run left on {}", pid, dataDirectory.toAbsolutePath());
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping PostgreSQL pid " + pid, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("PostgreSQL pid " + pid + " still runs on " + dataDirectory
                    + "; stop it (pg_ctl -D " + dataDirectory + " stop) and start again", e);
        }
    }

    /** The memory of the machine, or of the container when it has a limit. */
    static long machineMemory() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
