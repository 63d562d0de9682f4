package com.graminsta.platform.cache;

import static com.graminsta.platform.cache.RedisCacheTests.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.graminsta.platform.database.PrimaryReads;
import com.graminsta.platform.redis.Redis;
import com.graminsta.platform.redis.RedisSettings;
import com.graminsta.support.RedisProcess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Redis down, slow, and back, on a redis-server of the test's own with the production timeout
 * (100 ms): reads keep their answers from the database, the circuit opens, and the cache is used
 * again once Redis answers, with nothing restarted.
 */
class RedisFaultTests {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final RedisProcess server = RedisProcess.start();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Redis redis = new Redis(new RedisSettings(server.url(), List.of(), Duration.ofMillis(100), "fault:"), meters);
    private final Cache<Long, String> cache = new Cache<>("account", TTL,
            new RedisCacheStore<>(redis, TTL, String.class, JsonMapper.builder().build(), Clock.systemUTC()),
            meters, Clock.systemUTC(), Math::random, PrimaryReads.DIRECT);
    private final AtomicInteger loads = new AtomicInteger();

    @AfterEach
    void stop() {
        redis.destroy();
        server.close();
    }

    @Test
    void whileRedisIsDownReadsAreAnsweredFromTheDatabaseAndTheCacheReturnsWithRedis() {
        assertThat(cache.get(1L, () -> load("one"))).isEqualTo("one");
        assertThat(cache.get(1L, () -> load("one"))).isEqualTo("one");
        assertThat(loads).hasValue(1);

        server.stop();
        long started = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            assertThat(cache.get(1L, () -> load("one"))).isEqualTo("one");
        }
        Duration fifty = Duration.ofNanos(System.nanoTime() - started);
        assertThat(loads).hasValue(51);
        assertThat(redis.circuit()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(fifty).as("50 reads without Redis").isLessThan(Duration.ofSeconds(5));
        assertThat(meters.counter("graminsta.cache.errors", "cache", "account").count()).isGreaterThanOrEqualTo(50);
        assertThat(meters.get("graminsta.redis.circuit.open").gauge().value()).isEqualTo(1);

        server.restart();
        double hitsBefore = hits();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (hits() < hitsBefore + 3 && System.nanoTime() < deadline) {
            assertThat(cache.get(1L, () -> load("one"))).isEqualTo("one");
            sleep(50);
        }
        assertThat(hits()).as("hits after Redis came back").isGreaterThanOrEqualTo(hitsBefore + 3);
        assertThat(redis.circuit()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(meters.get("graminsta.redis.circuit.open").gauge().value()).isZero();
    }

    @Test
    void whileRedisIsTooSlowReadsAreAnsweredFromTheDatabase() throws Exception {
        cache.get(1L, () -> load("one"));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // The server does nothing else for 3 s, as under a long command or a swap storm.
            Future<String> asleep = threads.submit(() -> server.command("DEBUG SLEEP 3"));
            sleep(100);
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                assertThat(cache.get(1L, () -> load("one"))).isEqualTo("one");
            }
            Duration twenty = Duration.ofNanos(System.nanoTime() - started);
            assertThat(twenty).as("20 reads while Redis sleeps").isLessThan(Duration.ofMillis(2500));
            assertThat(redis.circuit()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(asleep.get()).isEqualTo("+OK");
        }
        assertThat(loads.get()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void anEvictionRedisMissedIsSentBeforeThisInstanceReadsAgain() {
        assertThat(cache.get(1L, () -> load("old"))).isEqualTo("old");
        // Redis goes down with the value on disk, a write commits meanwhile, and Redis comes back
        // with the value the write made stale.
        assertThat(server.command("SAVE")).isEqualTo("+OK");
        server.stop();
        cache.evictAfterCommit(1L);
        server.restart();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hits() < 1 && System.nanoTime() < deadline) {
            assertThat(cache.get(1L, () -> load("new"))).isEqualTo("new");
            sleep(50);
        }
        assertThat(hits()).as("hits after Redis came back").isGreaterThanOrEqualTo(1);
    }

    private double hits() {
        return meters.counter("graminsta.cache.hits", "cache", "account").count();
    }

    private String load(String value) {
        loads.incrementAndGet();
        return value;
    }
}
