package com.graminsta.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.graminsta.platform.database.PrimaryReads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The cache's rules on the in-process store, without Spring or a database. */
class CacheTests {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final TestClock clock = new TestClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicReference<Double> random = new AtomicReference<>(0.5);
    private final Cache<Long, String> cache = new Cache<>("test", TTL,
            new LocalCacheStore<>(1000, clock, key -> { }), meters, clock, random::get, PrimaryReads.DIRECT);
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void aHitDoesNotLoadAgain() {
        assertThat(cache.get(1L, () -> load("one"))).isEqualTo("one");
        assertThat(cache.get(1L, () -> load("changed"))).isEqualTo("one");
        assertThat(loads).hasValue(1);
        assertThat(meters.counter("graminsta.cache.hits", "cache", "test").count()).isEqualTo(1);
        assertThat(meters.counter("graminsta.cache.misses", "cache", "test").count()).isEqualTo(1);
        assertThat(meters.counter("graminsta.cache.loads", "cache", "test").count()).isEqualTo(1);
    }

    @Test
    void aValueExpiresAfterItsTimeToLive() {
        cache.get(1L, () -> load("one"));
        clock.advance(TTL.plusMillis(1));
        assertThat(cache.get(1L, () -> load("two"))).isEqualTo("two");
        assertThat(loads).hasValue(2);
    }

    @Test
    void nothingIsCachedWhenTheLoaderFindsNothing() {
        assertThat(cache.get(1L, () -> load(null))).isNull();
        assertThat(cache.get(1L, () -> load("one"))).isEqualTo("one");
        assertThat(loads).hasValue(2);
    }

    @Test
    void concurrentMissesOnOneKeyShareOneLoad() throws Exception {
        int callers = 32;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return cache.get(7L, () -> {
                        sleep(200);
                        return load("seven");
                    });
                }));
            }
            start.countDown();
            for (Future<String> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("seven");
            }
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void aFillThatAnEvictionOvertookIsRefused() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch evicted = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // A read that loaded the old row, slower than a write that commits and evicts meanwhile.
            Future<String> slowRead = threads.submit(() -> cache.get(1L, () -> {
                loading.countDown();
                await(evicted);
                return load("old");
            }));
            await(loading);
            cache.evictAfterCommit(1L);
            evicted.countDown();
            assertThat(slowRead.get(10, TimeUnit.SECONDS)).isEqualTo("old");
        }
        assertThat(cache.get(1L, () -> load("new"))).isEqualTo("new");
        assertThat(loads).hasValue(2);
    }

    @Test
    void anEvictionDropsTheValue() {
        cache.get(1L, () -> load("old"));
        cache.evictAfterCommit(1L);
        assertThat(cache.get(1L, () -> load("new"))).isEqualTo("new");
    }

    @Test
    void aHotKeyIsReloadedShortlyBeforeItExpires() {
        // Loads that take 100 ms; XFetch with beta 1 refreshes when now + 100 ms * -ln(random) >= expiry.
        cache.get(1L, () -> {
            sleep(100);
            return load("first");
        });
        clock.advance(TTL.minusMillis(200));
        random.set(1 - Math.exp(-1.0));
        assertThat(cache.get(1L, () -> load("early"))).isEqualTo("first");
        assertThat(loads).hasValue(1);

        random.set(1 - Math.exp(-3.0));
        assertThat(cache.get(1L, () -> load("early"))).isEqualTo("early");
        assertThat(loads).hasValue(2);

        // The refreshed value has a new life: just after the first one's expiry it is still there.
        clock.advance(Duration.ofMillis(300));
        random.set(0.5);
        assertThat(cache.get(1L, () -> load("late"))).isEqualTo("early");
        assertThat(loads).hasValue(2);
    }

    @Test
    void earlyRefreshIsMoreLikelyNearTheExpiryAndForSlowLoads() {
        CachedValue<String> value = new CachedValue<>("v", 10_000, 50_000);
        double median = 0.5;
        assertThat(value.refreshDue(9_900, median)).isFalse();
        assertThat(value.refreshDue(9_970, median)).isTrue();
        assertThat(new CachedValue<>("v", 10_000, 5_000).refreshDue(9_970, median)).isFalse();
        assertThat(value.refreshDue(10_000, 1.0)).isTrue();
    }

    @Test
    void aKeyThatLoadsInMicrosecondsIsStillRefreshedMillisecondsBeforeItExpires() {
        // A 200 µs query: counted as 10 ms, or the refresh would come in the expiry's last millisecond.
        CachedValue<String> fast = new CachedValue<>("v", 10_000, 200);
        assertThat(fast.refreshDue(9_995, Math.exp(-0.6))).isTrue();
        assertThat(fast.refreshDue(9_995, Math.exp(-0.4))).isFalse();
    }

    @Test
    void getAllLoadsOnlyTheMissesInOneCallAndKeepsTheOrder() {
        cache.get(2L, () -> load("two"));
        List<List<Long>> calls = new ArrayList<>();
        Map<Long, String> found = cache.getAll(List.of(3L, 2L, 1L, 3L, 4L), missing -> {
            calls.add(missing);
            return Map.of(1L, "one", 3L, "three");
        });
        assertThat(found).containsExactly(Map.entry(3L, "three"), Map.entry(2L, "two"), Map.entry(1L, "one"));
        assertThat(calls).containsExactly(List.of(3L, 1L, 4L));
        assertThat(cache.get(3L, () -> load("again"))).isEqualTo("three");
    }

    @Test
    void aLeaseAndAFillTheStoreAnsweredTooLateAreSentAgainRatherThanLoadedWithout() {
        LocalCacheStore<String> shared = new LocalCacheStore<>(1000, clock, key -> { });
        Cache<Long, String> first = new Cache<>("test", TTL, new AnswersLateOnce<>(shared), meters, clock, random::get,
                PrimaryReads.DIRECT);
        Cache<Long, String> second = new Cache<>("test", TTL, shared, meters, clock, random::get, PrimaryReads.DIRECT);
        assertThat(first.get(1L, () -> load("one"))).isEqualTo("one");
        assertThat(second.get(1L, () -> load("two"))).as("the other instance finds the fill").isEqualTo("one");
        assertThat(loads).hasValue(1);
        assertThat(meters.counter("graminsta.cache.errors", "cache", "test").count()).isEqualTo(2);
    }

    @Test
    void aReadAfterAnEvictionDoesNotJoinALoadBegunBeforeIt() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch evicted = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> slowRead = threads.submit(() -> cache.get(1L, () -> {
                loading.countDown();
                await(evicted);
                return load("old");
            }));
            await(loading);
            cache.evictAfterCommit(1L);
            try {
                // The writer's next read, while the load that began before its write still runs.
                Future<String> readAfterWrite = threads.submit(() -> cache.get(1L, () -> load("new")));
                assertThat(readAfterWrite.get(5, TimeUnit.SECONDS)).isEqualTo("new");
            } finally {
                evicted.countDown();
            }
            assertThat(slowRead.get(10, TimeUnit.SECONDS)).isEqualTo("old");
        }
    }

    @Test
    void aMissWhoseReadBeganBeforeThisInstanceLoadedTakesTheLoadedValue() throws Exception {
        StallsFirstRead<String> store = new StallsFirstRead<>(new LocalCacheStore<>(1000, clock, key -> { }));
        Cache<Long, String> stalled = new Cache<>("test", TTL, store, meters, clock, random::get, PrimaryReads.DIRECT);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> early = threads.submit(() -> stalled.get(1L, () -> load("loaded again")));
            await(store.reading);
            assertThat(stalled.get(1L, () -> load("one"))).isEqualTo("one");
            // The early read's answer comes after the load, and the store is down from then on:
            // without the loaded value the early read would load too.
            store.down = true;
            store.answer.countDown();
            assertThat(early.get(10, TimeUnit.SECONDS)).isEqualTo("one");
        }
        assertThat(loads).hasValue(1);
        assertThat(stalled.get(1L, () -> load("two"))).as("a read that began after the load").isEqualTo("two");
        assertThat(loads).hasValue(2);
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Carries out the first lease it is asked for but answers as a command that timed out, and
     * answers the first fill likewise without carrying it out: Redis under a burst, on a busy machine.
     */
    private static final class AnswersLateOnce<V> implements CacheStore<V> {

        private final CacheStore<V> store;
        private boolean leaseAnswered;
        private boolean fillAnswered;

        AnswersLateOnce(CacheStore<V> store) {
            this.store = store;
        }

        @Override
        public CachedValue<V> get(String key) {
            return store.get(key);
        }

        @Override
        public List<CachedValue<V>> getAll(List<String> keys) {
            return store.getAll(keys);
        }

        @Override
        public boolean lease(String key, Lease lease) {
            boolean taken = store.lease(key, lease);
            if (!leaseAnswered) {
                leaseAnswered = true;
                throw tooLate();
            }
            return taken;
        }

        @Override
        public void fill(String key, CachedValue<V> value, Lease lease) {
            if (!fillAnswered) {
                fillAnswered = true;
                throw tooLate();
            }
            store.fill(key, value, lease);
        }

        @Override
        public void release(String key, Lease lease) {
            store.release(key, lease);
        }

        @Override
        public void evict(String key) {
            store.evict(key);
        }

        private static StoreUnavailableException tooLate() {
            return new StoreUnavailableException(new IllegalStateException("Command timed out after 100 millisecond(s)"), true);
        }
    }

    /**
     * Holds the first read until told to answer; {@code down} makes every call fail as a Redis
     * that is down or kept out by the circuit breaker.
     */
    private static final class StallsFirstRead<V> implements CacheStore<V> {

        private final CacheStore<V> store;
        private final CountDownLatch reading = new CountDownLatch(1);
        private final CountDownLatch answer = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);
        private volatile boolean down;

        StallsFirstRead(CacheStore<V> store) {
            this.store = store;
        }

        @Override
        public CachedValue<V> get(String key) {
            if (first.getAndSet(false)) {
                reading.countDown();
                await(answer);
            }
            return up().get(key);
        }

        @Override
        public List<CachedValue<V>> getAll(List<String> keys) {
            return up().getAll(keys);
        }

        @Override
        public boolean lease(String key, Lease lease) {
            return up().lease(key, lease);
        }

        @Override
        public void fill(String key, CachedValue<V> value, Lease lease) {
            up().fill(key, value, lease);
        }

        @Override
        public void release(String key, Lease lease) {
            up().release(key, lease);
        }

        @Override
        public void evict(String key) {
            up().evict(key);
        }

        private CacheStore<V> up() {
            if (down) {
                throw new StoreUnavailableException(new IllegalStateException("Connection refused"), false);
            }
            return store;
        }
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {

        private volatile Instant now = Instant.parse("2026-12-01T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
