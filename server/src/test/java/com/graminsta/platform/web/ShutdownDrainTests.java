package com.graminsta.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.graminsta.GraminstaApplication;
import com.graminsta.support.Api;
import com.graminsta.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Behind a load balancer, a stopping instance first says it is not ready while it keeps serving,
 * then turns away what a balancer may resend elsewhere, so that traffic moves away before
 * connections are refused (docs/decisions/0010).
 */
class ShutdownDrainTests {

    @TempDir
    Path dataDir;

    @Test
    void anInstanceStoppedAndStartedAgainIsReadyAndKeepsItsConnections() throws Exception {
        // Spring's test framework pauses a cached context this way between the classes that use it.
        ConfigurableApplicationContext context = startServer();
        try {
            context.stop();
            context.start();
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            Api api = new Api("http://127.0.0.1:" + port);
            assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
            Api.Response served = api.get("/api/v1/instance", null);
            assertThat(served.status()).isEqualTo(200);
            assertThat(served.header("Connection")).isEmpty();
        } finally {
            context.close();
        }
    }

    @Test
    void aStoppingInstanceReportsNotReadyWhileItStillServesThenTurnsAwayWhatCanGoElsewhereThenStops() throws Exception {
        ConfigurableApplicationContext context = startServer("--graminsta.shutdown.drain=6s");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        Api api = new Api("http://127.0.0.1:" + port);
        assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/instance", null).header("Connection")).isEmpty();

        // A connection opened before the stop and never used, like a balancer's idle one.
        Socket idle = new Socket("127.0.0.1", port);
        long stopping = System.nanoTime();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(context::close);

        awaitStatus(api, "/actuator/health/readiness", 503);
        // Not ready, yet still answering: requests routed here in the meantime do not fail. Each
        // answer closes its connection, so no idle one is left for a load balancer to reuse.
        Api.Response duringDrain = api.get("/api/v1/instance", null);
        assertThat(duringDrain.status()).isEqualTo(200);
        assertThat(duringDrain.header("Connection")).hasValue("close");

        // The second half: a GET (which any balancer resends to another instance) gets 503, so a
        // balancer without health checks learns to leave this one; a POST is still served.
        awaitStatus(api, "/api/v1/instance", 503);
        Api.Response turnedAway = api.get("/api/v1/instance", null);
        assertThat(turnedAway.header("Connection")).hasValue("close");
        assertThat(turnedAway.header("Retry-After")).hasValue("1");
        assertThat(turnedAway.json().path("error").asString()).contains("shutting down");
        Api.Response post = api.postJson("/api/v1/apps", null,
                java.util.Map.of("client_name", "drain", "redirect_uris", "urn:ietf:wg:oauth:2.0:oob"));
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.header("Connection")).hasValue("close");
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);

        // The drain is over, yet the server waits while a connection is open: Tomcat would drop a
        // request read from it after pausing.
        Thread.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(7) - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping)));
        assertThat(stopped).isNotDone();
        idle.close();
        // Once it is closed, the server stops without waiting out the rest of its bound.
        stopped.get(4, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
        assertThatThrownBy(() -> api.get("/api/v1/instance", null)).isInstanceOf(RuntimeException.class);
    }

    private static void awaitStatus(Api api, String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (api.get(path, null).status() != status) {
            assertThat(System.nanoTime()).as("%s answering %d within 5 s", path, status).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** A server on a database of its own: its job workers must not take other tests' jobs. */
    private ConfigurableApplicationContext startServer(String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--graminsta.database.url=" + TestDatabase.createEmpty(),
                "--graminsta.database.username=" + TestDatabase.user(),
                "--graminsta.database.max-pool-size=3",
                "--graminsta.data-dir=" + dataDir));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(GraminstaApplication.class).run(args.toArray(String[]::new));
    }
}
