package com.graminsta.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.graminsta.platform.redis.Redis;
import com.graminsta.support.Api;
import com.graminsta.support.Instances;
import com.graminsta.support.Photos;
import com.graminsta.support.RedisProcess;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on a Redis of the test's own (stage 6 on): an event written on one reaches a
 * client of the other through Redis pub/sub, and each instance subscribes once per channel
 * however many of its clients listen.
 */
class StreamingAcrossInstancesTests {

    private static RedisProcess redis;
    private static Instances instances;

    @BeforeAll
    static void start() {
        redis = RedisProcess.start();
        instances = new Instances(2, "--graminsta.redis.url=" + redis.url(), "--graminsta.redis.command-timeout=1s");
    }

    @AfterAll
    static void stop() {
        if (instances != null) {
            instances.close();
        }
        redis.close();
    }

    @Test
    void aRedisUrlCarriesEventsThroughRedis() {
        instances.all().forEach(i ->
                assertThat(instances.bean(i, StreamTransport.class)).isInstanceOf(RedisTransport.class));
    }

    @Test
    void aPostOnOneInstanceReachesTheOthersClientsOncePerProcessSubscription() {
        Api writer = instances.api(1);
        TestUser alice = TestUsers.on(instances.api(0)).register();
        TestUser bob = TestUsers.on(writer).register();
        assertThat(writer.post("/api/v1/accounts/" + bob.id() + "/follow", alice.token()).status()).isEqualTo(200);
        int port = URI.create(instances.api(0).baseUrl()).getPort();
        try (WebSocketClient home = WebSocketClient.open(port, "stream=user", alice.token());
             WebSocketClient first = WebSocketClient.open(port, "stream=public", alice.token());
             WebSocketClient second = WebSocketClient.open(port, "stream=public", bob.token())) {
            Redis client = instances.bean(0, Redis.class);
            String channel = client.key("timeline:public");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    client.call(commands -> commands.pubsubNumsub(channel)).get(channel), count -> count == 1L);

            Api.Response post = writer.postJson("/api/v1/statuses", bob.token(), Map.of(
                    "status", "Across", "media_ids", List.of(Photos.processed(writer, bob))));
            assertThat(post.status()).as(post.toString()).isEqualTo(200);
            String id = post.json().get("id").asString();
            assertThat(WebSocketClient.payload(home.next("update")).get("id").asString()).isEqualTo(id);
            assertThat(WebSocketClient.payload(first.next("update")).get("id").asString()).isEqualTo(id);
            assertThat(WebSocketClient.payload(second.next("update")).get("id").asString()).isEqualTo(id);
        }
    }
}
