package com.graminsta.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.graminsta.platform.redis.Redis;
import com.graminsta.platform.redis.RedisSettings;
import com.graminsta.platform.redis.RedisUnavailableException;
import com.graminsta.platform.web.ApiException;
import com.graminsta.support.RedisCluster;
import com.graminsta.support.RedisProcess;
import com.graminsta.support.TestDatabase;
import com.graminsta.support.TestRedis;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.cluster.SlotHash;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The limits in Redis (stage 6), without Spring: several limiters play several instances on the
 * shared Redis service, each test under a key prefix of its own; a Redis Cluster of three
 * primaries; and a redis-server of the test's own, stopped, for the fail-open rules.
 */
class RedisRateLimitTests {

    private static DataSource database;
    private static RedisCluster cluster;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Redis> connections = new ArrayList<>();
    private final String prefix = TestRedis.keyPrefix() + "limits-" + System.nanoTime() + "-" + ThreadLocalRandom.current().nextInt(1000) + ":";

    @BeforeAll
    static void migrate() {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setUrl(TestDatabase.createEmpty());
        postgres.setUser(TestDatabase.user());
        Flyway.configure().dataSource(postgres).locations("classpath:db/migration").load().migrate();
        database = postgres;
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void disconnect() {
        connections.forEach(Redis::destroy);
    }

    @Test
    void twoInstancesShareATokensCountInRedis() {
        Redis one = redis(TestRedis.url(), List.of());
        Redis other = redis(TestRedis.url(), List.of());
        TokenLimit first = tokenLimit(one, 10);
        TokenLimit second = tokenLimit(other, 10);
        assertThat(first.store()).isEqualTo("redis");

        for (int i = 1; i <= 10; i++) {
            Quota quota = (i % 2 == 0 ? first : second).count(42);
            assertThat(quota.exceeded()).as("request %d", i).isFalse();
            assertThat(quota.remaining()).isEqualTo(10 - i);
        }
        assertThat(first.count(42).exceeded()).isTrue();
        assertThat(second.count(42).exceeded()).isTrue();
        assertThat(first.count(43).remaining()).isEqualTo(9);

        List<String> keys = keys(one, "ratelimit:api-per-token:*");
        assertThat(keys).hasSize(2).allMatch(key -> key.startsWith(prefix));
        long ttl = one.call(commands -> commands.pttl(keys.getFirst()));
        assertThat(ttl).as("a count lives until its window ends").isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5).plusSeconds(1).toMillis());
    }

    @Test
    void twoInstancesShareASignInBucketInRedis() {
        RateLimiter first = new RateLimiter(database, redis(TestRedis.url(), List.of()), meters);
        RateLimiter second = new RateLimiter(database, redis(TestRedis.url(), List.of()), meters);
        RateLimit signIns = new RateLimit("sign-ins-account", 3, Duration.ofMinutes(15));
        assertThat(first.store()).isEqualTo("redis");

        first.acquire(signIns, "account:7");
        second.acquire(signIns, "account:7");
        first.acquire(signIns, "account:7");
        assertThatThrownBy(() -> second.acquire(signIns, "account:7"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.retryAfter()).isPositive());
        assertThat(first.tryAcquire(signIns, "account:7")).isFalse();
        assertThat(first.tryAcquire(signIns, "account:8")).isTrue();

        Redis redis = connections.getFirst();
        assertThat(keys(redis, "ratelimit:sign-ins-account:*")).hasSize(2);
        long ttl = redis.call(commands -> commands.pttl(redis.key("ratelimit:" + RateLimiter.key(signIns, "account:7"))));
        assertThat(ttl).as("the key goes a minute after its bucket would be full").isPositive()
                .isLessThanOrEqualTo(Duration.ofMinutes(16).toMillis());
        assertThat(bucketsInPostgres(signIns)).as("nothing in PostgreSQL while Redis answers").isZero();
    }

    @Test
    void onARedisClusterBucketsAndCountsSpreadOverTheNodes() {
        cluster = cluster != null ? cluster : new RedisCluster();
        Redis one = redis(null, cluster.nodes());
        Redis other = redis(null, cluster.nodes());
        RateLimiter first = new RateLimiter(database, one, meters);
        RateLimiter second = new RateLimiter(database, other, meters);
        RateLimit limit = new RateLimit("registrations-ip", 2, Duration.ofMinutes(30));
        TokenLimit tokens = tokenLimit(one, 3);
        TokenLimit otherTokens = tokenLimit(other, 3);

        for (int subject = 0; subject < 30; subject++) {
            assertThat(first.tryAcquire(limit, "192.0.2." + subject)).isTrue();
            assertThat(second.tryAcquire(limit, "192.0.2." + subject)).isTrue();
            assertThat(first.tryAcquire(limit, "192.0.2." + subject)).as("subject %d", subject).isFalse();
            tokens.count(subject);
            otherTokens.count(subject);
            assertThat(tokens.count(subject).remaining()).isZero();
            assertThat(otherTokens.count(subject).exceeded()).isTrue();
        }
        assertThat(bucketsInPostgres(limit)).isZero();
        // redis-cli --cluster create gives each of the three primaries a third of the slots.
        Set<Integer> nodesUsed = new HashSet<>();
        for (int subject = 0; subject < 30; subject++) {
            nodesUsed.add(SlotHash.getSlot(RedisBuckets.key(one, limit, "192.0.2." + subject)) * 3 / SlotHash.SLOT_COUNT);
        }
        assertThat(nodesUsed).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(meters.find("graminsta.ratelimit.redis.errors").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void withoutRedisTokensAreCountedInTheInstanceAndBucketsTakenFromPostgres() {
        try (RedisProcess server = RedisProcess.start()) {
            Redis redis = redis(server.url(), List.of());
            TokenLimit tokens = tokenLimit(redis, 5);
            RateLimiter limiter = new RateLimiter(database, redis, meters);
            RateLimit signIns = new RateLimit("sign-ins-ip", 3, Duration.ofMinutes(5));
            assertThat(tokens.count(1).remaining()).isEqualTo(4);
            assertThat(limiter.tryAcquire(signIns, "198.51.100.1")).isTrue();

            server.stop();
            long started = System.nanoTime();
            for (int i = 1; i <= 5; i++) {
                Quota quota = tokens.count(1);
                assertThat(quota.exceeded()).isFalse();
                assertThat(quota.remaining()).as("counted afresh in this instance").isEqualTo(5 - i);
            }
            assertThat(tokens.count(1).exceeded()).as("the limit still holds per instance").isTrue();
            assertThat(limiter.tryAcquire(signIns, "198.51.100.1")).isTrue();
            assertThat(limiter.tryAcquire(signIns, "198.51.100.1")).isTrue();
            assertThat(limiter.tryAcquire(signIns, "198.51.100.1")).isTrue();
            assertThat(limiter.tryAcquire(signIns, "198.51.100.1")).as("PostgreSQL's bucket still limits").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(meters.counter("graminsta.ratelimit.redis.errors", "limit", "api-per-token").count()).isGreaterThanOrEqualTo(6);
            assertThat(meters.counter("graminsta.ratelimit.redis.errors", "limit", "buckets").count()).isGreaterThanOrEqualTo(4);

            server.restart();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!counted(redis, 2) && System.nanoTime() < deadline) {
                tokens.count(2);
                sleep(100);
            }
            assertThat(counted(redis, 2)).as("counts are in Redis again, with nothing restarted").isTrue();
        }
    }

    @Test
    void whileRedisIsTooSlowRequestsAreCountedWithoutIt() throws Exception {
        try (RedisProcess server = RedisProcess.start();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // The production timeout: a command slower than 100 ms goes without Redis.
            Redis redis = new Redis(new RedisSettings(server.url(), List.of(), Duration.ofMillis(100), prefix), meters);
            connections.add(redis);
            TokenLimit tokens = tokenLimit(redis, 100);
            RateLimiter limiter = new RateLimiter(database, redis, meters);
            RateLimit signIns = new RateLimit("sign-ins-ip", 100, Duration.ofMinutes(5));
            tokens.count(1);
            limiter.tryAcquire(signIns, "198.51.100.2");

            // The server does nothing else for 3 s, as under a long command or a swap storm.
            Future<String> asleep = threads.submit(() -> server.command("DEBUG SLEEP 3"));
            sleep(100);
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                assertThat(tokens.count(1).exceeded()).isFalse();
                assertThat(limiter.tryAcquire(signIns, "198.51.100.2")).isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("40 checks while Redis sleeps").isLessThan(Duration.ofMillis(2500));
            assertThat(redis.circuit()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(asleep.get()).isEqualTo("+OK");
        }
    }

    /** Whether Redis holds a count for {@code tokenId}; false while it cannot say. */
    private boolean counted(Redis redis, long tokenId) {
        try {
            return !keys(redis, "ratelimit:api-per-token:*:" + tokenId + ":*").isEmpty();
        } catch (RedisUnavailableException e) {
            return false;
        }
    }

    private Redis redis(String url, List<String> nodes) {
        // Two clients and a cluster share two cores with the rest of the suite: a command may wait
        // longer than the production 100 ms here. The fault test keeps it short: a stopped Redis fails at once.
        Redis redis = new Redis(new RedisSettings(url, nodes, Duration.ofSeconds(1), prefix), meters);
        connections.add(redis);
        return redis;
    }

    private TokenLimit tokenLimit(Redis redis, int requests) {
        TokenLimitSettings settings = new TokenLimitSettings(requests, Duration.ofMinutes(5));
        return new TokenLimit(settings, new RedisRequestCounter(redis, new LocalRequestCounter(settings.period()), meters),
                meters, Clock.systemUTC(), "redis");
    }

    private List<String> keys(Redis redis, String pattern) {
        return redis.call(commands -> commands.keys(redis.key(pattern)));
    }

    private long bucketsInPostgres(RateLimit limit) {
        return JdbcClient.create(database).sql("SELECT count(*) FROM rate_limit_buckets WHERE id LIKE :name")
                .param("name", limit.name() + ":%").query(Long.class).single();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
