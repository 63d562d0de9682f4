package com.graminsta.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.graminsta.platform.redis.Redis;
import com.graminsta.support.Api;
import com.graminsta.support.Instances;
import com.graminsta.support.Photos;
import com.graminsta.support.QueryCounter;
import com.graminsta.support.RedisProcess;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import tools.jackson.databind.JsonNode;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on a Redis of the test's own (stage 6 on): an event written on one reaches a
 * client of the other through Redis pub/sub, and each instance subscribes once per channel
 * however many of its clients listen. Which channels someone listens to is shared through Redis
 * too, and what no one listens to is not published.
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

    @Test
    void aLikeIsAStatusUpdateOnListenedHomeTimelinesOnlyAndReadsNoFollowersWhenNoneListen() {
        Api writer = instances.api(1);
        TestUsers users = TestUsers.on(writer);
        TestUser carol = users.register();
        List<TestUser> followers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestUser follower = users.register();
            assertThat(writer.post("/api/v1/accounts/" + carol.id() + "/follow", follower.token()).status()).isEqualTo(200);
            followers.add(follower);
        }
        TestUser dave = followers.getFirst();
        TestUser liker = users.register();
        TestUser other = users.register();
        int port = URI.create(instances.api(0).baseUrl()).getPort();
        QueryCounter queries = instances.bean(1, QueryCounter.class);
        noOneListens();
        try (Published published = new Published();
             WebSocketClient witness = WebSocketClient.open(port, "stream=public", liker.token())) {
            awaitListenedOn(1, "timeline:public");
            String post = post(writer, carol);
            assertThat(WebSocketClient.payload(witness.next("update")).get("id").asString()).isEqualTo(post);

            published.clear();
            long followerReads = queries.count(StreamingAcrossInstancesTests::readsFollowers);
            assertThat(writer.post("/api/v1/statuses/" + post + "/favourite", liker.token()).status()).isEqualTo(200);
            // One thread publishes, in order: once the next post is out, the like's work is done.
            String next = post(writer, other);
            assertThat(WebSocketClient.payload(witness.next()).get("id").asString())
                    .as("no status.update on public for a like (decision 0036)").isEqualTo(next);
            assertThat(published.await("timeline:public")).containsExactly("timeline:public");
            assertThat(queries.count(StreamingAcrossInstancesTests::readsFollowers)).isEqualTo(followerReads);

            // Dave starts listening on instance 0 after instance 1 has read the registry.
            try (WebSocketClient home = WebSocketClient.open(port, "stream=user", dave.token())) {
                awaitListenedOn(1, "timeline:" + dave.id());
                published.clear();
                assertThat(writer.post("/api/v1/statuses/" + post + "/unfavourite", liker.token()).status()).isEqualTo(200);
                JsonNode updated = WebSocketClient.payload(home.next("status.update"));
                assertThat(updated.get("id").asString()).isEqualTo(post);
                assertThat(updated.get("favourites_count").asInt()).isZero();
                assertThat(published.await("timeline:" + dave.id())).containsExactly("timeline:" + dave.id());
                assertThat(queries.count(StreamingAcrossInstancesTests::readsFollowers)).isEqualTo(followerReads + 1);
                assertThat(queries.count(sql -> readsFollowers(sql) && sql.contains("ANY("))).isPositive();

                String third = post(writer, carol);
                assertThat(WebSocketClient.payload(home.next("update")).get("id").asString()).isEqualTo(third);
                JsonNode onPublic = witness.next();
                assertThat(onPublic.get("event").asString()).as("nothing of the unlike on public").isEqualTo("update");
                assertThat(WebSocketClient.payload(onPublic).get("id").asString()).isEqualTo(third);
            }
        }
    }

    @Test
    void aNotificationIsPublishedOnlyWhileItsRecipientListens() {
        Api writer = instances.api(1);
        TestUser erin = TestUsers.on(writer).register();
        TestUser fan = TestUsers.on(writer).register();
        String post = post(writer, erin);
        int port = URI.create(instances.api(0).baseUrl()).getPort();
        noOneListens();
        try (Published published = new Published()) {
            assertThat(writer.post("/api/v1/accounts/" + erin.id() + "/follow", fan.token()).status()).isEqualTo(200);
            try (WebSocketClient notifications = WebSocketClient.open(port, "stream=user:notification", erin.token())) {
                awaitListenedOn(1, "timeline:" + erin.id() + ":notifications");
                assertThat(writer.post("/api/v1/statuses/" + post + "/favourite", fan.token()).status()).isEqualTo(200);
                JsonNode like = WebSocketClient.payload(notifications.next("notification"));
                assertThat(like.get("type").asString()).isEqualTo("favourite");
            }
            assertThat(published.channels()).as("the like's notification; not the follow's, before anyone listened")
                    .containsExactly("timeline:" + erin.id() + ":notifications");
        }
    }

    /**
     * Forgets the channels the other tests' clients listened to (they stay registered until they
     * expire), and waits until the publishing instance knows it.
     */
    private static void noOneListens() {
        Redis client = instances.bean(0, Redis.class);
        client.call(commands -> commands.del(client.key("streaming:{listened}")));
        StreamTransport transport = instances.bean(1, StreamTransport.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> transport.listened().nothing());
    }

    private static void awaitListenedOn(int instance, String channel) {
        StreamTransport transport = instances.bean(instance, StreamTransport.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> transport.listened().contains(channel));
    }

    private static boolean readsFollowers(String sql) {
        return sql.contains("FROM follows WHERE target_account_id");
    }

    private static String post(Api api, TestUser author) {
        Api.Response post = api.postJson("/api/v1/statuses", author.token(), Map.of(
                "status", "Hello #fanout", "media_ids", List.of(Photos.processed(api, author))));
        assertThat(post.status()).as(post.toString()).isEqualTo(200);
        return post.json().get("id").asString();
    }

    /** Every channel the instances publish to, heard by a pattern subscription of the test's own. */
    private static final class Published implements AutoCloseable {

        private final List<String> channels = Collections.synchronizedList(new ArrayList<>());
        private final StatefulRedisPubSubConnection<String, String> connection;

        Published() {
            Redis client = instances.bean(0, Redis.class);
            String prefix = client.key("");
            connection = client.pubSub(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pattern, String channel, String message) {
                    channels.add(channel.substring(prefix.length()));
                }
            });
            connection.sync().psubscribe(prefix + "timeline:*");
        }

        void clear() {
            channels.clear();
        }

        List<String> channels() {
            synchronized (channels) {
                return List.copyOf(channels);
            }
        }

        /** The channels published to, once {@code last} is among them. */
        List<String> await(String last) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> channels().contains(last));
            return channels();
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
