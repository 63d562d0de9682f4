package com.graminsta.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import com.graminsta.streaming.WebSocketClient;
import com.graminsta.support.Api;
import com.graminsta.support.Instances;
import com.graminsta.support.Photos;
import com.graminsta.support.TestDatabase;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One database and three processes of one build, each with one role (GRAMINSTA_ROLES), as stage
 * 7 runs its tiers: each serves its own part, answers 404 for the others, and keeps its probes.
 */
class RolesTests {

    private static String database;
    private static Path media;
    private static Instances api;
    private static Instances streaming;
    private static Instances worker;

    @BeforeAll
    static void start() throws IOException {
        database = TestDatabase.createEmpty();
        // The tiers share their media as they do through object storage: the worker reads the upload.
        media = Files.createTempDirectory("graminsta-roles");
        String shared = "--graminsta.data-dir=" + media;
        api = new Instances(database, 1, shared, "--graminsta.roles=api");
        streaming = new Instances(database, 1, shared, "--graminsta.roles=streaming");
        worker = new Instances(database, 1, shared, "--graminsta.roles=worker");
    }

    @AfterAll
    static void stop() {
        for (Instances instances : new Instances[] {worker, streaming, api}) {
            if (instances != null) {
                instances.close();
            }
        }
        if (media != null) {
            try (Stream<Path> files = Files.walk(media)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // Temporary files; the system cleans up what is left.
            }
        }
    }

    @Test
    void aStreamingInstanceServesStreamsAndNotTheRestApi() {
        TestUser alice = TestUsers.on(api.api(0)).register();
        Api tier = streaming.api(0);
        Api.Response health = tier.get("/api/v1/streaming/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("OK");
        try (WebSocketClient socket = WebSocketClient.open(port(tier), "stream=user", alice.token())) {
            assertThat(socket.isClosed()).isFalse();
        }

        Api.Response timeline = tier.get("/api/v1/timelines/public", null);
        assertThat(timeline.status()).isEqualTo(404);
        assertThat(timeline.json().get("error").asString()).isEqualTo("Record not found");
        assertThat(tier.get("/api/v1/accounts/verify_credentials", alice.token()).status()).isEqualTo(404);
        assertThat(tier.get("/oauth/authorize", null).status()).isEqualTo(404);
        assertThat(tier.get("/", null).status()).isEqualTo(404);
        assertThat(tier.get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void anApiInstanceServesTheRestApiAndNotStreams() {
        TestUser bob = TestUsers.on(api.api(0)).register();
        Api tier = api.api(0);
        assertThat(tier.get("/api/v1/timelines/public", null).status()).isEqualTo(200);
        assertThat(tier.get("/api/v1/accounts/verify_credentials", bob.token()).status()).isEqualTo(200);
        assertThat(tier.get("/api/v1/instance", null).status()).isEqualTo(200);

        assertThat(tier.get("/api/v1/streaming/health", null).status()).isEqualTo(404);
        assertThat(tier.get("/api/v1/streaming/public", bob.token()).status()).isEqualTo(404);
        assertThatThrownBy(() -> WebSocketClient.open(port(tier), "stream=user", bob.token()))
                .isInstanceOf(CompletionException.class);
        assertThat(tier.get("/explore", null).status()).isEqualTo(404);
    }

    @Test
    void aWorkerInstanceRunsTheQueuedJobsAndServesOnlyItsProbes() {
        TestUser carol = TestUsers.on(api.api(0)).register();
        // Neither the API nor the streaming instance runs jobs: the photo is processed by the worker.
        assertThat(Photos.processed(api.api(0), carol)).isNotBlank();

        Api tier = worker.api(0);
        assertThat(tier.get("/api/v1/timelines/public", null).status()).isEqualTo(404);
        assertThat(tier.get("/api/v1/streaming/health", null).status()).isEqualTo(404);
        assertThat(tier.get("/actuator/health/liveness", null).status()).isEqualTo(200);
    }

    @Test
    void anUnknownRoleStopsTheStartWithTheSettingsName() {
        assertThatThrownBy(() -> new Instances(database, 1, "--graminsta.roles=api,wroker").close())
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GRAMINSTA_ROLES")
                .hasMessageContaining("'wroker'");
    }

    @Test
    void rolesAreReadCommaSeparatedInAnyCase() {
        assertThat(new Roles(List.of(" API", "streaming ")).enabled())
                .containsExactlyInAnyOrder(Roles.Role.API, Roles.Role.STREAMING);
        assertThatThrownBy(() -> new Roles(List.of()))
                .hasMessageContaining("names no role");
    }

    private static int port(Api api) {
        return URI.create(api.baseUrl()).getPort();
    }
}
