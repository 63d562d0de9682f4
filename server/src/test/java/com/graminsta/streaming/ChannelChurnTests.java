package com.graminsta.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import com.graminsta.platform.redis.Redis;
import com.graminsta.platform.redis.RedisSettings;
import com.graminsta.support.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Clients of one process coming and going on one channel at once, through Redis pub/sub (the
 * shared test Redis): the process's SUBSCRIBE and UNSUBSCRIBE of the channel must reach Redis in
 * the order its listeners came and went, or Redis keeps a channel no one here listens to, or
 * drops one someone does, and that client hears nothing until it reconnects. {@link Channels}
 * sends them while it holds the channel's entry, so they cannot pass each other.
 */
class ChannelChurnTests {

    private static final String CHANNEL = "timeline:public";
    private static final int THREADS = 6;
    private static final int ROUNDS = 5;
    private static final int COMINGS_AND_GOINGS = 50;
    private static final Duration SETTLED = Duration.ofSeconds(5);

    private final JsonMapper json = JsonMapper.builder().build();
    /** A prefix of this test's own, so that Redis counts only this test's subscribers of the channel. */
    private final Redis redis = new Redis(new RedisSettings(TestRedis.url(), List.of(), Duration.ofSeconds(2),
            TestRedis.keyPrefix() + "churn-" + ThreadLocalRandom.current().nextInt(1_000_000) + ":"), new SimpleMeterRegistry());
    private final RedisTransport transport = new RedisTransport(redis);
    // Payloads is never asked for a payload here: the listeners below read the message itself.
    private final Channels channels = new Channels(transport, new Payloads(null, null, null, json), json, new SimpleMeterRegistry());
    private final RedisClient publisherClient = RedisClient.create(TestRedis.url());
    private final StatefulRedisConnection<String, String> publisher = publisherClient.connect();
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void close() {
        threads.shutdownNow();
        publisher.close();
        publisherClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        channels.destroy();
        transport.destroy();
        redis.destroy();
    }

    @Test
    void listenersComingAndGoingAtOnceLeaveRedisSubscribedExactlyWhileSomeoneListens() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(transport::ready);
        for (int round = 0; round < ROUNDS; round++) {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < COMINGS_AND_GOINGS; i++) {
                        ChannelListener passing = (message, delivery) -> {
                        };
                        channels.listen(CHANNEL, passing);
                        channels.stopListening(CHANNEL, passing);
                    }
                    return null;
                }));
            }
            for (Future<?> thread : done) {
                thread.get();
            }
            Awaitility.await("round " + round + ": no subscriber left in Redis").atMost(SETTLED)
                    .until(this::subscribers, count -> count == 0);

            Queue<ChannelMessage> heard = new ConcurrentLinkedQueue<>();
            ChannelListener next = (message, delivery) -> heard.add(message);
            channels.listen(CHANNEL, next);
            // The subscription is confirmed asynchronously: a client can only count on it once Redis does.
            Awaitility.await("round " + round + ": the next listener subscribed").atMost(SETTLED)
                    .until(this::subscribers, count -> count == 1);
            ChannelMessage sent = ChannelMessage.about(ChannelMessage.UPDATE, round);
            publisher.sync().publish(redis.key(CHANNEL), json.writeValueAsString(sent));
            Awaitility.await("round " + round + ": the next listener hears the next message").atMost(SETTLED)
                    .until(() -> heard.contains(sent));
            channels.stopListening(CHANNEL, next);
        }
    }

    private long subscribers() {
        String channel = redis.key(CHANNEL);
        Map<String, Long> counts = publisher.sync().pubsubNumsub(channel);
        return counts.getOrDefault(channel, 0L);
    }
}
