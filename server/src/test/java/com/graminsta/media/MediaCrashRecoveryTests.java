package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.graminsta.support.Api;
import com.graminsta.support.TestImages;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed with SIGKILL in the middle of processing a photo: after a restart the job runs
 * again and the photo ends up ready, with exactly one set of variants. Real child processes on a
 * database of their own, so no other test's worker can step in.
 */
class MediaCrashRecoveryTests {

    private static final String POSTGRES = System.getenv().getOrDefault("GRAMINSTA_TEST_POSTGRES", "127.0.0.1:5432");
    private static final Duration STARTUP = Duration.ofSeconds(180);

    @TempDir
    Path dataDir;

    private String database;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void createDatabase() throws SQLException {
        database = "graminsta_crash_" + System.currentTimeMillis();
        admin("CREATE DATABASE " + database);
    }

    @AfterEach
    void cleanUp() throws SQLException {
        children.forEach(Process::destroyForcibly);
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void processingKilledMidwayCompletesAfterRestartWithOneSetOfVariants() throws Exception {
        Path marker = dataDir.resolve("stalled-midway");
        Child first = start(marker);
        Api firstApi = awaitReady(first);
        TestUser alice = TestUsers.on(firstApi).register();
        String id = new MediaSteps(firstApi).accepted(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(2000, 1500));

        await(() -> Files.exists(marker), Duration.ofSeconds(60));
        Path folder = dataDir.resolve("media").resolve(Files.readString(marker)).getParent();
        assertThat(folder.resolve("feed.jpg")).as("the first variant was written before the kill").exists();
        assertThat(folder.resolve("small.jpg")).doesNotExist();

        first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no graceful drain
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(state(id)).isEqualTo("processing");

        Api secondApi = awaitReady(start(null));
        Api.Response ready = new MediaSteps(secondApi).awaitProcessed(alice, id);

        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        assertThat(list(dataDir.resolve("media/attachments"))).containsExactly(folder.getFileName().toString());
        assertThat(list(folder)).containsExactlyInAnyOrder("feed.jpg", "small.jpg", "preview.jpg", "thumb.jpg");
        assertThat(list(dataDir.resolve("media-private/originals"))).as("the original is deleted once done").isEmpty();
        assertThat(count("SELECT count(*) FROM jobs WHERE type = 'media.process'")).as("the job is done").isZero();
    }

    private record Child(Process process, int port) {
    }

    private Child start(Path stallMarker) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        if (stallMarker != null) {
            command.add("-D" + CrashableServer.STALL_MARKER + "=" + stallMarker);
        }
        command.addAll(List.of(CrashableServer.class.getName(),
                "--server.port=" + port,
                "--management.server.port=0",
                "--graminsta.database.url=jdbc:postgresql://" + POSTGRES + "/" + database,
                "--graminsta.database.username=postgres",
                "--graminsta.data-dir=" + dataDir,
                "--graminsta.worker.lease=2s",
                "--graminsta.rate-limits.registrations-per-ip.requests=10000",
                // Waiting for the photo polls every 50 ms with one token: past 300 on a slow machine.
                "--graminsta.rate-limits.api-per-token.requests=100000",
                "--logging.level.root=WARN"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("server-" + port + ".log").toFile())
                .start();
        children.add(process);
        return new Child(process, port);
    }

    private Api awaitReady(Child child) {
        String base = "http://127.0.0.1:" + child.port();
        HttpClient http = HttpClient.newHttpClient();
        await(() -> {
            assertThat(child.process().isAlive()).as("the child server is running; see its log in " + dataDir).isTrue();
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, STARTUP);
        return new Api(base);
    }

    private String state(String id) throws SQLException {
        try (Connection connection = connect(database);
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT state FROM media_attachments WHERE id = " + Long.parseLong(id))) {
            rows.next();
            return rows.getString(1);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = connect(database); ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> list(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> !name.startsWith(".")).toList();
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = connect("postgres")) {
            connection.createStatement().execute(sql);
        }
    }

    private static Connection connect(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + POSTGRES + "/" + name, "postgres", "");
    }

    private static void await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + timeout).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
