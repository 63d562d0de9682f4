package com.graminsta.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.graminsta.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class RateLimitSweepTests extends IntegrationTest {

    @Autowired
    RateLimiter rateLimiter;

    @Autowired
    RateLimitSweep sweep;

    @Autowired
    JdbcClient jdbc;

    @Test
    void bucketsThatRefilledAreDeletedAndLiveOnesKept() {
        RateLimit limit = new RateLimit("sweep-test", 5, Duration.ofMinutes(10));
        String refilled = "refilled-" + System.nanoTime();
        String live = "live-" + System.nanoTime();
        rateLimiter.acquire(limit, refilled);
        rateLimiter.acquire(limit, live);
        jdbc.sql("UPDATE rate_limit_buckets SET expires_at = 0 WHERE id = :id")
                .param("id", RateLimiter.key(limit, refilled)).update();

        sweep.handle(new RateLimitSweep.Payload());

        assertThat(count(RateLimiter.key(limit, refilled))).isZero();
        assertThat(count(RateLimiter.key(limit, live))).isOne();
    }

    private long count(String id) {
        return jdbc.sql("SELECT count(*) FROM rate_limit_buckets WHERE id = :id").param("id", id).query(Long.class).single();
    }
}
