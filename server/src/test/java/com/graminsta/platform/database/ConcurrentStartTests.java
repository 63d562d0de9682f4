package com.graminsta.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.graminsta.GraminstaApplication;
import com.graminsta.support.Api;
import com.graminsta.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stage 2 on: several instances start at the same moment on one new, external database (a
 * deploy, a scale-up). The schema is migrated exactly once and every instance comes up.
 */
class ConcurrentStartTests {

    private static final int INSTANCES = 3;

    @TempDir
    Path dataDir;

    @Test
    void instancesStartingTogetherMigrateOnceAndAllServe() throws Exception {
        String database = TestDatabase.createEmpty();
        List<ConfigurableApplicationContext> started = new ArrayList<>();
        // Real instances are separate processes; these share one JVM, whose logging Spring Boot
        // would set up three times at once (a race inside Logback). Leave logging as it is.
        String loggingSystem = System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        try (ExecutorService threads = Executors.newFixedThreadPool(INSTANCES)) {
            List<Callable<ConfigurableApplicationContext>> starts = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                Path ownData = dataDir.resolve("instance-" + i);
                starts.add(() -> new SpringApplicationBuilder(GraminstaApplication.class).run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--graminsta.database.url=" + database,
                        "--graminsta.database.username=" + TestDatabase.user(),
                        "--graminsta.database.max-pool-size=4",
                        "--graminsta.data-dir=" + ownData));
            }
            List<Exception> failures = new ArrayList<>();
            for (Future<ConfigurableApplicationContext> start : threads.invokeAll(starts)) {
                try {
                    started.add(start.get());
                } catch (Exception e) {
                    failures.add(e);
                }
            }
            assertThat(failures).as("instances that failed to start").isEmpty();

            for (ConfigurableApplicationContext context : started) {
                assertThat(api(context).get("/api/v1/instance", null).status()).isEqualTo(200);
            }
            assertThat(migrationsAppliedTwice(database)).isEmpty();
            assertThat(migrationsApplied(database)).isGreaterThanOrEqualTo(7);
        } finally {
            started.forEach(ConfigurableApplicationContext::close);
            if (loggingSystem == null) {
                System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
            } else {
                System.setProperty(LoggingSystem.SYSTEM_PROPERTY, loggingSystem);
            }
        }
    }

    private static List<String> migrationsAppliedTwice(String database) throws Exception {
        List<String> versions = new ArrayList<>();
        query(database, "SELECT version FROM flyway_schema_history WHERE success GROUP BY version HAVING count(*) > 1",
                rows -> {
                    while (rows.next()) {
                        versions.add(rows.getString(1));
                    }
                });
        return versions;
    }

    private static int migrationsApplied(String database) throws Exception {
        int[] count = new int[1];
        query(database, "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL",
                rows -> {
                    rows.next();
                    count[0] = rows.getInt(1);
                });
        return count[0];
    }

    private interface Rows {
        void read(ResultSet rows) throws Exception;
    }

    private static void query(String database, String sql, Rows reader) throws Exception {
        try (Connection connection = DriverManager.getConnection(database, TestDatabase.user(), "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            reader.read(rows);
        }
    }

    private static Api api(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new Api("http://127.0.0.1:" + port);
    }
}
