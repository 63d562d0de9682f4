package com.graminsta.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.Instances;
import com.graminsta.support.Photos;
import com.graminsta.support.RedisProcess;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped under the streaming tier (stage 6 on, a redis-server of the test's own): the API
 * keeps serving, the streaming health check answers 503 while the subscription is down, and once
 * Redis is back both recover by themselves: the health check answers OK and events flow again,
 * to the clients that were connected before and to one that connected while Redis was down.
 */
class StreamingRedisFaultTests {

    private static final Duration NOTICED = Duration.ofSeconds(15);

    private final RedisProcess redis = RedisProcess.start();
    private final Instances instances = new Instances(1, "--graminsta.redis.url=" + redis.url());

    @AfterEach
    void stop() {
        instances.close();
        redis.close();
    }

    @Test
    void whileRedisIsDownTheApiServesAndStreamingIsNotReadyThenBothRecoverByThemselves() {
        Api api = instances.api(0);
        int port = URI.create(api.baseUrl()).getPort();
        TestUsers users = TestUsers.on(api);
        TestUser author = users.register();
        TestUser early = users.register();
        TestUser late = users.register();
        assertThat(api.post("/api/v1/accounts/" + author.id() + "/follow", late.token()).status()).isEqualTo(200);
        awaitHealth(api, 200);

        try (WebSocketClient before = WebSocketClient.open(port, "stream=public", early.token())) {
            String first = post(api, author);
            assertThat(WebSocketClient.payload(before.next("update")).get("id").asString()).isEqualTo(first);

            redis.stop();
            awaitHealth(api, 503);
            assertThat(api.get("/api/v1/instance", null).status()).isEqualTo(200);
            assertThat(api.get("/actuator/health/readiness", null).status()).as("serves the API: stays ready").isEqualTo(200);
            assertThat(api.get("/api/v1/accounts/verify_credentials", author.token()).status()).isEqualTo(200);

            // Connects while Redis is down: its home timeline is a channel no one subscribed yet.
            try (WebSocketClient during = WebSocketClient.open(port, "stream=user", late.token())) {
                redis.restart();
                awaitHealth(api, 200);
                String second = post(api, author);
                assertThat(WebSocketClient.payload(before.next("update")).get("id").asString()).isEqualTo(second);
                assertThat(WebSocketClient.payload(during.next("update")).get("id").asString()).isEqualTo(second);
            }
        }
    }

    @Test
    void aStreamingOnlyInstanceIsNotReadyWhileRedisIsDownAndReadyAgainAfter() {
        try (Instances streaming = new Instances(1, "--graminsta.redis.url=" + redis.url(), "--graminsta.roles=streaming")) {
            Api tier = streaming.api(0);
            awaitReadiness(tier, 200);
            redis.stop();
            awaitReadiness(tier, 503);
            assertThat(tier.get("/actuator/health/liveness", null).status()).as("alive, only not ready").isEqualTo(200);
            redis.restart();
            awaitReadiness(tier, 200);
        }
    }

    private static void awaitReadiness(Api api, int status) {
        Awaitility.await("readiness " + status).atMost(NOTICED).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/actuator/health/readiness", null).status() == status);
    }

    private static void awaitHealth(Api api, int status) {
        Awaitility.await("streaming health " + status).atMost(NOTICED).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/streaming/health", null).status() == status);
    }

    private static String post(Api api, TestUser author) {
        Api.Response post = api.postJson("/api/v1/statuses", author.token(), Map.of(
                "status", "Through Redis", "media_ids", List.of(Photos.processed(api, author))));
        assertThat(post.status()).as(post.toString()).isEqualTo(200);
        return post.json().get("id").asString();
    }
}
