package com.graminsta.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.graminsta.platform.database.PrimaryReads;
import com.graminsta.platform.redis.Redis;
import com.graminsta.platform.redis.RedisSettings;
import com.graminsta.support.RedisCluster;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cache on a Redis Cluster of three primaries, as {@code GRAMINSTA_REDIS_NODES} configures it:
 * keys spread over every node, and the lease scripts, which touch a key and its lease together,
 * work on each (both share a slot through the hash tag).
 */
class RedisClusterCacheTests {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final int IDS = 60;

    private static RedisCluster cluster;
    private final List<Redis> instances = new ArrayList<>();
    private final AtomicInteger loads = new AtomicInteger();

    @BeforeAll
    static void start() {
        cluster = new RedisCluster();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void disconnect() {
        instances.forEach(Redis::destroy);
    }

    @Test
    void severalNodesMeanTheClusterClient() {
        Cache<Long, String> one = instance();
        Cache<Long, String> other = instance();
        for (long id = 1; id <= IDS; id++) {
            long value = id;
            assertThat(one.get(id, () -> load("v" + value))).isEqualTo("v" + id);
        }
        for (long id = 1; id <= IDS; id++) {
            assertThat(other.get(id, () -> load("loaded again"))).isEqualTo("v" + id);
        }
        assertThat(loads).hasValue(IDS);
        assertThat(keysPerNode()).as("keys on each node").allSatisfy(count -> assertThat(count).isPositive());
    }

    @Test
    void evictionsAndBatchReadsWorkAcrossSlots() {
        Cache<Long, String> one = instance();
        Cache<Long, String> other = instance();
        List<Long> ids = new ArrayList<>();
        for (long id = 1000; id < 1000 + IDS; id++) {
            ids.add(id);
        }
        Map<Long, String> first = one.getAll(ids, missing -> values(missing, "first"));
        assertThat(first).hasSize(IDS);
        for (long id : ids) {
            other.evictAfterCommit(id);
        }
        Map<Long, String> second = one.getAll(ids, missing -> values(missing, "second"));
        assertThat(second.values()).containsOnly("second");
        assertThat(other.getAll(ids, missing -> values(missing, "third")).values()).containsOnly("second");
    }

    private Map<Long, String> values(List<Long> ids, String value) {
        Map<Long, String> found = new HashMap<>();
        ids.forEach(id -> found.put(id, value));
        loads.addAndGet(ids.size());
        return found;
    }

    private List<Long> keysPerNode() {
        Redis redis = instances.getFirst();
        return cluster.nodes().stream()
                .map(node -> redis.call(commands -> ((RedisAdvancedClusterCommands<String, byte[]>) commands)
                        .getConnection(node.split(":")[0], Integer.parseInt(node.split(":")[1])).dbsize()))
                .toList();
    }

    private Cache<Long, String> instance() {
        Redis redis = new Redis(new RedisSettings(null, cluster.nodes(), Duration.ofSeconds(2), "cluster-test:"),
                new SimpleMeterRegistry());
        instances.add(redis);
        return new Cache<>("account", TTL, new RedisCacheStore<>(redis, TTL, String.class, JsonMapper.builder().build(),
                Clock.systemUTC()), new SimpleMeterRegistry(), Clock.systemUTC(), Math::random, PrimaryReads.DIRECT);
    }

    private String load(String value) {
        loads.incrementAndGet();
        return value;
    }
}
