package com.graminsta.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import com.graminsta.GraminstaApplication;
import com.graminsta.support.Api;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Stage 1: with no database configured the server runs its own PostgreSQL, and keeps its data. */
class EmbeddedDatabaseTests {

    @TempDir
    Path dataDir;

    @Test
    void theEmbeddedDatabaseKeepsAccountsAcrossRestarts() throws Exception {
        TestUser user;
        try (ConfigurableApplicationContext first = start()) {
            user = TestUsers.on(api(first)).register();
        }
        assertThat(Files.isDirectory(dataDir.resolve("postgres"))).isTrue();
        try (ConfigurableApplicationContext second = start()) {
            Api api = api(second);
            assertThat(api.get("/api/v1/accounts/lookup?acct=" + user.username(), null).json().get("id").asString())
                    .isEqualTo(user.id());
            assertThat(api.get("/api/v1/accounts/verify_credentials", user.token()).status()).isEqualTo(200);
        }
    }

    @Test
    void theEmbeddedDatabaseWritesDurably() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"));
             Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
            for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                try (ResultSet shown = connection.createStatement().executeQuery("SHOW " + setting)) {
                    shown.next();
                    assertThat(shown.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    @Test
    void walIsDroppedWithoutABackupHookAndHandedToItOnceInstalled() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"));
             Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE archived_probe (n int)");
            statement.executeQuery("SELECT pg_switch_wal()").close();
            awaitArchived(statement, 1);

            Path hook = dataDir.resolve("backup/wal");
            Path handed = dataDir.resolve("backup/handed");
            Files.createDirectories(hook.getParent());
            Files.writeString(hook, "#!/bin/sh\n[ \"$1\" = archive ] && echo \"$3\" >> \"" + handed + "\"\n");
            hook.toFile().setExecutable(true);
            statement.execute("INSERT INTO archived_probe VALUES (1)");
            String segment;
            try (ResultSet switched = statement.executeQuery("SELECT pg_walfile_name(pg_switch_wal())")) {
                switched.next();
                segment = switched.getString(1);
            }
            awaitArchived(statement, 2);
            assertThat(Files.readAllLines(handed)).contains(segment);
        }
    }

    private static void awaitArchived(Statement statement, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (;;) {
            try (ResultSet archiver = statement.executeQuery("SELECT archived_count, failed_count FROM pg_stat_archiver")) {
                archiver.next();
                assertThat(archiver.getLong(2)).as("failed archive_command runs").isZero();
                if (archiver.getLong(1) >= count) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("WAL archived in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void theEmbeddedDatabaseIsSizedToTheMachine() throws Exception {
        long machine = EmbeddedDatabase.machineMemory();
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"));
             Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Statement statement = connection.createStatement()) {
            assertThat(megabytes(statement, "shared_buffers")).isEqualTo(Math.clamp(machine / (1 << 20) / 4, 128, 8192));
            assertThat(megabytes(statement, "effective_cache_size")).isGreaterThanOrEqualTo(megabytes(statement, "shared_buffers"));
            try (ResultSet jit = statement.executeQuery("SHOW jit")) {
                jit.next();
                assertThat(jit.getString(1)).isEqualTo("off");
            }
        }
    }

    @Test
    void theDatabaseTakesAQuarterOfTheMachineWithinBounds() {
        long gigabyte = 1L << 30;
        assertThat(EmbeddedDatabase.memorySettings(24 * gigabyte))
                .containsEntry("shared_buffers", "6144MB").containsEntry("effective_cache_size", "12288MB");
        assertThat(EmbeddedDatabase.memorySettings(256L << 20))
                .containsEntry("shared_buffers", "128MB").containsEntry("effective_cache_size", "128MB");
        assertThat(EmbeddedDatabase.memorySettings(256 * gigabyte)).containsEntry("shared_buffers", "8192MB");
    }

    @Test
    void theEmbeddedDatabaseCountsStatementsForTheLab() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"));
             Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statement.execute("SELECT pg_stat_statements_reset()");
            statement.executeQuery("SELECT 42 AS lab_probe").close();
            try (ResultSet counted = statement.executeQuery(
                    "SELECT calls FROM pg_stat_statements WHERE query LIKE '%lab_probe%' AND query NOT LIKE '%pg_stat_statements%'")) {
                assertThat(counted.next()).isTrue();
                assertThat(counted.getLong(1)).isEqualTo(1);
            }
        }
    }

    private static long megabytes(Statement statement, String setting) throws Exception {
        try (ResultSet shown = statement.executeQuery(
                "SELECT setting::bigint * pg_size_bytes(coalesce(unit, '1B')) / 1048576 FROM pg_settings WHERE name = '" + setting + "'")) {
            shown.next();
            return shown.getLong(1);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(GraminstaApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--graminsta.database.url=",
                "--graminsta.data-dir=" + dataDir);
    }

    private static Api api(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new Api("http://127.0.0.1:" + port);
    }
}
