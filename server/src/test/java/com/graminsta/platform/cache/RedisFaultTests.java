package com.graminsta.platform.cache;

import static com.graminsta.platform.cache.RedisCacheTests.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final List<Redis> otherInstances = new ArrayList<>();

    @AfterEach
    void stop() {
        redis.destroy();
        otherInstances.forEach(Redis::destroy);
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

    @Test
    void aBurstOfColdReadsOverThreeInstancesWhileRedisKeepsStallingMakesOneLoad() throws Exception {
        // The stage 6 burst (1,000 GETs of a cold profile over three instances) on a busy machine,
        // where Redis answered in fits and starts: here it does nothing for 250 ms of every 400.
        // Before reads of one key shared one GET per instance, 3 to 35 loads.
        List<Cache<Long, String>> instances = List.of(cache, otherInstance(), otherInstance());
        AtomicBoolean bursting = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> stalls = threads.submit(() -> {
                while (bursting.get()) {
                    server.command("DEBUG SLEEP 0.25");
                    sleep(150);
                }
            });
            for (int i = 0; i < 999; i++) {
                Cache<Long, String> instance = instances.get(i % instances.size());
                answers.add(threads.submit(() -> {
                    start.await();
                    return instance.get(7L, () -> {
                        sleep(20);
                        return load("cold");
                    });
                }));
            }
            sleep(50);
            start.countDown();
            try {
                for (Future<String> answer : answers) {
                    assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("cold");
                }
            } finally {
                bursting.set(false);
            }
            stalls.get(10, TimeUnit.SECONDS);
        }
        assertThat(loads).as("loads for 999 reads over three instances").hasValue(1);
    }

    /** Another instance of the server on the same Redis: a connection and a circuit breaker of its own. */
    private Cache<Long, String> otherInstance() {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        Redis other = new Redis(new RedisSettings(server.url(), List.of(), Duration.ofMillis(100), "fault:"), own);
        otherInstances.add(other);
        return new Cache<>("account", TTL,
                new RedisCacheStore<>(other, TTL, String.class, JsonMapper.builder().build(), Clock.systemUTC()),
                own, Clock.systemUTC(), Math::random, PrimaryReads.DIRECT);
    }

    private double hits() {
        return meters.counter("graminsta.cache.hits", "cache", "account").count();
    }

    private String load(String value) {
        loads.incrementAndGet();
        return value;
    }
}
