package com.graminsta.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.graminsta.platform.redis.Redis;
import com.graminsta.support.Api;
import com.graminsta.support.Instances;
import com.graminsta.support.RedisProcess;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestApp;
import com.graminsta.support.TestUsers.TestUser;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on a Redis of the test's own (stage 6), through the API: a token's count and a
 * sign-in bucket are shared by both, and with Redis stopped every request is still answered,
 * none with a 5xx.
 */
class RedisRateLimitAcrossInstancesTests {

    private static final int PER_TOKEN = 20;

    private static RedisProcess redis;
    private static Instances instances;

    @BeforeAll
    static void start() {
        redis = RedisProcess.start();
        instances = new Instances(2, "--graminsta.redis.url=" + redis.url(),
                // Two servers share this JVM's two cores: see RedisCacheAcrossInstancesTests.
                "--graminsta.redis.command-timeout=1s",
                "--graminsta.rate-limits.api-per-token.requests=" + PER_TOKEN,
                "--graminsta.rate-limits.sign-ins-per-account.requests=3");
    }

    @AfterAll
    static void stop() {
        if (instances != null) {
            instances.close();
        }
        redis.close();
    }

    @Test
    void aRedisUrlPutsTheLimitsInRedis() {
        instances.all().forEach(i -> {
            assertThat(instances.bean(i, TokenLimit.class).store()).isEqualTo("redis");
            assertThat(instances.bean(i, RateLimiter.class).store()).isEqualTo("redis");
        });
    }

    @Test
    void aTokensRequestsAreCountedTogetherOnBothInstances() {
        awaitRedis();
        TestUser user = TestUsers.on(instances.api(0)).register();
        List<Long> remaining = new ArrayList<>();
        Set<String> resets = new HashSet<>();
        Api.Response response = null;
        for (int i = 0; i <= PER_TOKEN; i++) {
            response = instances.api(i % 2).get("/api/v1/accounts/verify_credentials", user.token());
            resets.add(response.header("X-RateLimit-Reset").orElseThrow());
            if (response.status() != 200) {
                break;
            }
            remaining.add(Long.parseLong(response.header("X-RateLimit-Remaining").orElseThrow()));
        }
        Assumptions.assumeTrue(resets.size() == 1, "a window ended during the test; the count started again");
        for (int i = 1; i < remaining.size(); i++) {
            assertThat(remaining.get(i)).as("remaining after the other instance's request").isEqualTo(remaining.get(i - 1) - 1);
        }
        assertThat(remaining).endsWith(0L);
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("X-RateLimit-Remaining")).hasValue("0");
        assertThat(instances.api(0).get("/api/v1/accounts/verify_credentials", user.token()).status()).isEqualTo(429);
        assertThat(instances.api(1).get("/api/v1/accounts/verify_credentials", user.token()).status()).isEqualTo(429);
    }

    @Test
    void aSignInBucketInRedisRefusesOnBothInstancesAfterItsLimit() {
        awaitRedis();
        TestApp app = TestUsers.on(instances.api(0)).app("read");
        String login = "nobody_" + System.nanoTime() + "@example.com";
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(passwordGrant(instances.api(i % 2), app, login).status());
        }
        assertThat(statuses).containsExactly(400, 400, 400, 429);
        assertThat(passwordGrant(instances.api(0), app, login).status()).isEqualTo(429);
    }

    @Test
    void withRedisStoppedEveryRequestIsStillAnsweredAndNoneWithA5xx() {
        TestUser user = TestUsers.on(instances.api(0)).register();
        TestApp app = TestUsers.on(instances.api(0)).app("read");
        redis.stop();
        try {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Api.Response response = instances.api(i % 2).get("/api/v1/accounts/verify_credentials", user.token());
                statuses.add(response.status());
                if (response.status() == 200) {
                    assertThat(response.header("X-RateLimit-Remaining")).isPresent();
                }
            }
            // Each instance counts for itself while Redis is away: 20 each, 15 asked of each.
            assertThat(statuses).containsOnly(200);
            String login = "ghost_" + System.nanoTime();
            List<Integer> signIns = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                signIns.add(passwordGrant(instances.api(0), app, login).status());
            }
            // PostgreSQL's bucket limits sign-ins meanwhile.
            assertThat(signIns).containsExactly(400, 400, 400, 429);
        } finally {
            redis.restart();
        }
    }

    /** Until both instances use Redis again: another test may have stopped it, opening their circuits. */
    private static void awaitRedis() {
        redis.restart();
        TestUser someone = TestUsers.on(instances.api(0)).register();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (instances.all().anyMatch(i -> instances.bean(i, Redis.class).circuit() != CircuitBreaker.State.CLOSED)
                && System.nanoTime() < deadline) {
            instances.all().forEach(i -> instances.api(i).get("/api/v1/accounts/verify_credentials", someone.token()));
            sleep(100);
        }
        instances.all().forEach(i -> assertThat(instances.bean(i, Redis.class).circuit()).isEqualTo(CircuitBreaker.State.CLOSED));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Api.Response passwordGrant(Api api, TestApp app, String login) {
        return api.postForm("/oauth/token", null, Api.form("grant_type", "password", "client_id", app.clientId(),
                "client_secret", app.clientSecret(), "username", login, "password", "Wrong-Password-1"));
    }
}
