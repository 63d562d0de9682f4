package com.graminsta.platform.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.graminsta.platform.redis.Redis;
import com.graminsta.platform.redis.RedisUnavailableException;
import com.graminsta.platform.web.ApiException;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rate limits shared by every server instance (Bucket4j token buckets), so a limit holds however
 * many instances stand behind the load balancer. The buckets live in PostgreSQL (decision 0003),
 * or in Redis once one is configured (stage 6, decision 0018). When Redis is slow, down or kept
 * out by its circuit breaker, the limit is taken from PostgreSQL's bucket instead: requests are
 * neither refused nor let through unlimited because of Redis.
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final Redis redis;
    private final LettuceBasedProxyManager<Object> redisBuckets;
    private final Counter redisFailures;

    RateLimiter(DataSource dataSource, Redis redis, MeterRegistry meters) {
        this.redis = redis;
        this.redisBuckets = redis.configured() ? RedisBuckets.proxyManager(redis) : null;
        this.redisFailures = Counter.builder("graminsta.ratelimit.redis.errors")
                .description("Bucket checks that went to PostgreSQL because Redis failed or its circuit was open")
                .tag("limit", "buckets")
                .register(meters);
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }

    /**
     * A bucket keeps the configuration it was made with, so the key names the limit's size too:
     * when an operator changes a limit, fresh buckets with the new size take over.
     */
    static String key(RateLimit limit, String subject) {
        return limit.name() + ":" + limit.requests() + "/" + limit.period().toSeconds() + "s:" + subject;
    }

    /** Takes one request from the bucket for {@code subject}, or answers 429 with Retry-After. */
    public void acquire(RateLimit limit, String subject) {
        ConsumptionProbe probe = probe(limit, subject);
        if (!probe.isConsumed()) {
            throw ApiException.tooManyRequests(Duration.ofNanos(probe.getNanosToWaitForRefill())
                    .plus(1, TimeUnit.SECONDS.toChronoUnit()));
        }
    }

    /** Takes one request from the bucket for {@code subject} if it has one; answers whether it had. */
    public boolean tryAcquire(RateLimit limit, String subject) {
        return probe(limit, subject).isConsumed();
    }

    /** {@code redis} when the buckets live in Redis, else {@code postgresql}. */
    public String store() {
        return redisBuckets != null ? "redis" : "postgresql";
    }

    private ConsumptionProbe probe(RateLimit limit, String subject) {
        Supplier<BucketConfiguration> configuration = () -> BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.requests())
                        .refillGreedy(limit.requests(), limit.period()))
                .build();
        if (redisBuckets != null) {
            try {
                return redisBuckets.builder()
                        .build(RedisBuckets.key(redis, limit, subject), configuration)
                        .tryConsumeAndReturnRemaining(1);
            } catch (RuntimeException e) {
                if (!causedByRedis(e)) {
                    throw e;
                }
                redisFailures.increment();
                log.debug("Rate limit {} from PostgreSQL: {}", limit.name(), e.getMessage());
            }
        }
        return buckets.builder()
                .build(key(limit, subject), configuration)
                .tryConsumeAndReturnRemaining(1);
    }

    private static boolean causedByRedis(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /** Deletes up to {@code batch} buckets that have refilled completely; answers how many. */
    int removeExpired(int batch) {
        return buckets.removeExpired(batch);
    }
}
