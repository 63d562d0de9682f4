package com.graminsta.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.graminsta.GraminstaApplication;
import com.graminsta.support.Api;
import com.graminsta.support.Photos;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage 1 as a power cut or an OOM kill leaves it: a child server acknowledges posts, then it and
 * every process of its embedded PostgreSQL die by SIGKILL at once, with no chance to flush
 * anything. Every acknowledged post is there after the restart. (With the library's default
 * {@code synchronous_commit=off} the last commits sit in PostgreSQL's WAL buffers, in shared
 * memory, and die with it.)
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EmbeddedDatabaseCrashTests {

    private static final int POSTS = 40;
    private static final Duration STARTUP = Duration.ofSeconds(120);

    @TempDir
    Path dataDir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void everyAcknowledgedPostSurvivesASigkillOfTheServerAndItsDatabase() throws Exception {
        Child first = start();
        Api api = awaitReady(first);
        TestUser author = TestUsers.on(api).register();
        List<String> acknowledged = new ArrayList<>();
        acknowledged.add(post(api, author, Map.of("status", "A photo", "media_ids", List.of(Photos.processed(api, author)))));
        while (acknowledged.size() < POSTS) {
            acknowledged.add(post(api, author, Map.of("status", "Comment " + acknowledged.size(),
                    "in_reply_to_id", acknowledged.getFirst())));
        }

        killWithItsDatabase(first.process());

        Api restarted = awaitReady(start());
        for (String id : acknowledged) {
            Api.Response status = restarted.get("/api/v1/statuses/" + id, author.token());
            assertThat(status.status()).as("acknowledged post %s after the crash", id).isEqualTo(200);
        }
    }

    private static String post(Api api, TestUser author, Map<String, ?> body) {
        Api.Response created = api.postJson("/api/v1/statuses", author.token(), body);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().get("id").asString();
    }

    /** SIGKILL to the JVM, the postmaster and all its backends, taken in one sweep. */
    private void killWithItsDatabase(Process server) throws IOException, InterruptedException {
        Path pidFile = dataDir.resolve("postgres/postmaster.pid");
        long postmasterPid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid).orElseThrow();
        List<ProcessHandle> victims = new ArrayList<>();
        victims.add(server.toHandle());
        victims.add(postmaster);
        victims.addAll(postmaster.descendants().toList());
        assertThat(victims).as("the postmaster and its backends").hasSizeGreaterThan(3);
        victims.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle victim : victims) {
            victim.onExit().join();
        }
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private record Child(Process process, int port) {
    }

    private Child start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                GraminstaApplication.class.getName(),
                "--server.port=" + port,
                "--management.server.port=0",
                "--graminsta.database.url=",
                "--graminsta.data-dir=" + dataDir,
                "--graminsta.rate-limits.registrations-per-ip.requests=10000",
                "--logging.level.root=WARN");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-server-" + port + ".log").toFile())
                .start();
        children.add(process);
        return new Child(process, port);
    }

    private Api awaitReady(Child child) throws InterruptedException {
        String base = "http://127.0.0.1:" + child.port();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            assertThat(child.process().isAlive()).as("the child server is running; see its log beside " + dataDir).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return new Api(base);
                }
            } catch (IOException e) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("ready within " + STARTUP).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
