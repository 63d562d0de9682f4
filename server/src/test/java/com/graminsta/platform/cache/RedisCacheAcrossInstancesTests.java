package com.graminsta.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.graminsta.platform.redis.Redis;
import com.graminsta.support.Api;
import com.graminsta.support.Instances;
import com.graminsta.support.QueryCounter;
import com.graminsta.support.RedisProcess;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestApp;
import com.graminsta.support.TestUsers.TestUser;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two instances sharing a Redis of the test's own (stage 6), which one test stops and starts
 * again: changes show at once on both (a revoked token is refused on both), a cold profile is
 * loaded once for both, and without Redis the API still answers, from the database, until Redis
 * is back.
 */
class RedisCacheAcrossInstancesTests {

    private static RedisProcess redis;
    private static Instances instances;

    @BeforeAll
    static void start() {
        redis = RedisProcess.start();
        // Two servers and forty clients share this JVM's two cores: a command may wait longer than
        // the production timeout (100 ms) here, which would measure the machine, not the rules.
        // RedisFaultTests keeps the production timeout; a stopped Redis fails at once either way.
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
    void aRedisUrlChoosesRedis() {
        instances.all().forEach(i -> assertThat(instances.bean(i, Caches.class).backend()).isEqualTo("redis"));
    }

    @Test
    void aProfileEditedThroughOneInstanceShowsAtOnceOnTheOther() {
        TestUser alice = TestUsers.on(instances.api(0)).register();
        assertThat(displayName(1, alice)).isEmpty();
        assertThat(displayName(1, alice)).isEmpty();

        Api.Response edited = instances.api(0).patchJson("/api/v1/accounts/update_credentials", alice.token(),
                Map.of("display_name", "Alice A."));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(displayName(1, alice)).isEqualTo("Alice A.");
    }

    @Test
    void concurrentGetsOfAColdProfileOverBothInstancesMakeOneQuery() throws Exception {
        long id = instances.bean(0, JdbcClient.class)
                .sql("INSERT INTO accounts (id, username) VALUES (next_id(0), :username) RETURNING id")
                .param("username", "cold" + System.nanoTime() % 1_000_000_000L)
                .query(Long.class).single();
        long before = accountReads();
        double errorsBefore = errors();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(40)) {
            for (int i = 0; i < 40; i++) {
                Api api = instances.api(i % 2);
                statuses.add(clients.submit(() -> {
                    start.await();
                    return api.get("/api/v1/accounts/" + id, null).status();
                }));
            }
            start.countDown();
            for (Future<Integer> status : statuses) {
                assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        }
        assertThat(accountReads() - before).as("reads of the account; cache errors %s", errors() - errorsBefore).isEqualTo(1);
    }

    @Test
    void aTokenIsReadOnceForBothInstancesAndARevokedOneIsRefusedAtOnceOnBoth() {
        TestUsers users = TestUsers.on(instances.api(0));
        TestUser alice = users.register();
        TestApp app = users.app("read");
        Api.Response granted = instances.api(0).postForm("/oauth/token", null, Api.form("grant_type", "password",
                "client_id", app.clientId(), "client_secret", app.clientSecret(), "username", alice.email(),
                "password", alice.password(), "scope", "read"));
        String token = granted.json().get("access_token").asString();
        assertThat(verifyCredentials(0, token)).isEqualTo(200);
        long before = tokenReads();
        for (int i = 0; i < 6; i++) {
            assertThat(verifyCredentials(i % 2, token)).isEqualTo(200);
        }
        assertThat(tokenReads() - before).isZero();

        Api.Response revoked = instances.api(0).postForm("/oauth/revoke", null, Api.form(
                "client_id", app.clientId(), "client_secret", app.clientSecret(), "token", token));
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(verifyCredentials(1, token)).isEqualTo(401);
        assertThat(verifyCredentials(0, token)).isEqualTo(401);
    }

    @Test
    void aPasswordChangedThroughOneInstanceEndsTheOtherSessionsAtOnceOnTheOther() {
        TestUsers users = TestUsers.on(instances.api(0));
        TestUser alice = users.register();
        String otherDevice = users.token(alice, "read");
        assertThat(verifyCredentials(1, otherDevice)).isEqualTo(200);
        assertThat(verifyCredentials(1, alice.token())).isEqualTo(200);

        Api.Response changed = instances.api(0).postForm("/api/graminsta/v1/password", alice.token(), Api.form(
                "current_password", alice.password(), "password", "A-brand-new-Secret-42"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(verifyCredentials(1, otherDevice)).isEqualTo(401);
        assertThat(verifyCredentials(1, alice.token())).isEqualTo(200);
    }

    @Test
    void withoutRedisTheApiAnswersFromTheDatabaseAndTheCacheReturnsWithRedis() {
        TestUser alice = TestUsers.on(instances.api(0)).register();
        displayName(1, alice);
        try {
            redis.stop();
            for (int i = 0; i < 30; i++) {
                assertThat(displayName(i % 2, alice)).isEmpty();
            }
            instances.all().forEach(i -> assertThat(instances.bean(i, Redis.class).circuit()).isEqualTo(CircuitBreaker.State.OPEN));
            instances.all().forEach(i -> assertThat(meters(i).get("graminsta.redis.circuit.open").gauge().value()).isEqualTo(1));

            Api.Response edited = instances.api(0).patchJson("/api/v1/accounts/update_credentials", alice.token(),
                    Map.of("display_name", "Alice without Redis"));
            assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
            assertThat(displayName(1, alice)).isEqualTo("Alice without Redis");
        } finally {
            redis.restart();
        }
        double hitsBefore = hits(0) + hits(1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(displayName(0, alice)).isEqualTo("Alice without Redis");
            assertThat(displayName(1, alice)).isEqualTo("Alice without Redis");
            return hits(0) + hits(1) >= hitsBefore + 4
                    && instances.all().allMatch(i -> instances.bean(i, Redis.class).circuit() == CircuitBreaker.State.CLOSED);
        });
    }

    private static String displayName(int instance, TestUser user) {
        Api.Response profile = instances.api(instance).get("/api/v1/accounts/" + user.id(), null);
        assertThat(profile.status()).as(profile.toString()).isEqualTo(200);
        return profile.json().get("display_name").asString();
    }

    private static int verifyCredentials(int instance, String token) {
        return instances.api(instance).get("/api/v1/accounts/verify_credentials", token).status();
    }

    private static long tokenReads() {
        return instances.all().mapToLong(i -> instances.bean(i, QueryCounter.class)
                .count(sql -> sql.contains("FROM oauth_access_tokens") && sql.contains("token_hash = ?"))).sum();
    }

    private static long accountReads() {
        return instances.all().mapToLong(i -> instances.bean(i, QueryCounter.class).accountReads()).sum();
    }

    private static MeterRegistry meters(int instance) {
        return instances.bean(instance, MeterRegistry.class);
    }

    private static double errors() {
        return instances.all().mapToDouble(i -> meters(i).counter("graminsta.cache.errors", "cache", "account").count()).sum();
    }

    private static double hits(int instance) {
        return meters(instance).counter("graminsta.cache.hits", "cache", "account").count();
    }
}
