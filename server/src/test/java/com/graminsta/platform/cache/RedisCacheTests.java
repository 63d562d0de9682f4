package com.graminsta.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.graminsta.platform.cache.CacheTests.TestClock;
import com.graminsta.platform.database.PrimaryReads;
import com.graminsta.platform.redis.Redis;
import com.graminsta.platform.redis.RedisSettings;
import com.graminsta.support.TestRedis;
import io.lettuce.core.cluster.SlotHash;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cache on the real, shared Redis, with several {@link Redis} connections playing several
 * instances of the server. Each test has a cache name of its own.
 */
class RedisCacheTests {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final String name = "test" + System.nanoTime();
    private final TestClock clock = new TestClock();
    private final AtomicReference<Double> random = new AtomicReference<>(0.5);
    private final AtomicInteger loads = new AtomicInteger();
    private final List<Redis> instances = new ArrayList<>();

    @AfterEach
    void disconnect() {
        instances.forEach(Redis::destroy);
    }

    @Test
    void aValueLoadedByOneInstanceIsReadByTheOthers() {
        Cache<Long, String> one = instance();
        Cache<Long, String> other = instance();
        assertThat(one.get(1L, () -> load("one"))).isEqualTo("one");
        assertThat(other.get(1L, () -> load("loaded again"))).isEqualTo("one");
        assertThat(loads).hasValue(1);
    }

    @Test
    void concurrentMissesAcrossInstancesMakeOneLoad() throws Exception {
        List<Cache<Long, String>> servers = List.of(instance(), instance(), instance());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 30; i++) {
                Cache<Long, String> server = servers.get(i % servers.size());
                answers.add(threads.submit(() -> {
                    start.await();
                    return server.get(42L, () -> {
                        sleep(300);
                        return load("hot");
                    });
                }));
            }
            start.countDown();
            for (Future<String> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("hot");
            }
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void anEvictionByAnotherInstanceRefusesAFillStartedBeforeIt() throws Exception {
        Cache<Long, String> reader = instance();
        Cache<Long, String> writer = instance();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch evicted = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> slowRead = threads.submit(() -> reader.get(1L, () -> {
                loading.countDown();
                await(evicted);
                return load("old");
            }));
            await(loading);
            writer.evictAfterCommit(1L);
            evicted.countDown();
            assertThat(slowRead.get(10, TimeUnit.SECONDS)).isEqualTo("old");
        }
        assertThat(writer.get(1L, () -> load("new"))).isEqualTo("new");
        assertThat(reader.get(1L, () -> load("newer"))).isEqualTo("new");
        assertThat(loads).hasValue(2);
    }

    @Test
    void anEarlyRefreshByOneInstanceServesTheOthers() {
        Cache<Long, String> one = instance();
        Cache<Long, String> other = instance();
        one.get(1L, () -> {
            sleep(100);
            return load("first");
        });
        clock.advance(TTL.minusMillis(150));
        random.set(1 - Math.exp(-3.0));
        assertThat(other.get(1L, () -> load("refreshed"))).isEqualTo("refreshed");
        random.set(0.5);
        assertThat(one.get(1L, () -> load("again"))).isEqualTo("refreshed");
        assertThat(loads).hasValue(2);
    }

    @Test
    void aValueThisVersionCannotReadIsAMiss() {
        Redis redis = redis();
        Cache<Long, String> cache = cache(redis);
        redis.call(commands -> commands.set(redis.key(cache.key(1L)), "not a cached value".getBytes()));
        assertThat(cache.get(1L, () -> load("one"))).isEqualTo("one");
        assertThat(loads).hasValue(1);
    }

    @Test
    void aKeyAndItsLeaseShareAClusterSlot() {
        String key = TestRedis.keyPrefix() + instance().key(12345L);
        assertThat(key).endsWith(":{12345}");
        assertThat(SlotHash.getSlot(key + ":lease")).isEqualTo(SlotHash.getSlot(key)).isEqualTo(SlotHash.getSlot("12345"));
    }

    private Cache<Long, String> instance() {
        return cache(redis());
    }

    private Redis redis() {
        // A generous timeout: these tests are about the rules, not about a slow Redis.
        Redis redis = new Redis(new RedisSettings(TestRedis.url(), List.of(), Duration.ofSeconds(2), TestRedis.keyPrefix()),
                new SimpleMeterRegistry());
        instances.add(redis);
        return redis;
    }

    private Cache<Long, String> cache(Redis redis) {
        return new Cache<>(name, TTL, new RedisCacheStore<>(redis, TTL, String.class, JsonMapper.builder().build(), clock),
                new SimpleMeterRegistry(), clock, random::get, PrimaryReads.DIRECT);
    }

    private String load(String value) {
        loads.incrementAndGet();
        return value;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
