package com.graminsta.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After kill -9 the server's PostgreSQL lives on without it. The next start must stop that
 * orphan and start its own on the same data, or the server could never come back.
 */
class OrphanedDatabaseTests {

    @TempDir
    Path dataDir;

    @Test
    void aPostgresLeftRunningByACrashIsStoppedAndTheDataKept() throws Exception {
        Process crashed = new ProcessBuilder(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                CrashingServer.class.getName(), dataDir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-child.log").toFile())
                .start();
        assertThat(crashed.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(crashed.exitValue()).isEqualTo(CrashingServer.HALTED);
        long orphanPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().strip());
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

        try (EmbeddedDatabase restarted = EmbeddedDatabase.start(dataDir);
             Connection connection = DriverManager.getConnection(restarted.jdbcUrl());
             var result = connection.createStatement().executeQuery("SELECT id FROM kept")) {
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(42);
        }
    }

    /** Starts PostgreSQL on the data directory, writes a row, then dies without stopping it. */
    static final class CrashingServer {

        static final int HALTED = 97;

        public static void main(String[] args) throws Exception {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(Path.of(args[0]))
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .start();
            try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
                 var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
            }
            Runtime.getRuntime().halt(HALTED); // as kill -9: no hooks, no clean-up
        }
    }
}
