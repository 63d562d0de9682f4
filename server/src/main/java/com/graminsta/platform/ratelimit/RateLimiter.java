package com.graminsta.platform.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.graminsta.platform.web.ApiException;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.springframework.stereotype.Component;

/**
 * Rate limits shared by every server instance: the buckets live in PostgreSQL (Bucket4j), so a
 * limit holds however many instances stand behind the load balancer.
 */
@Component
public class RateLimiter {

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

    RateLimiter(DataSource dataSource) {
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

    private ConsumptionProbe probe(RateLimit limit, String subject) {
        Supplier<BucketConfiguration> configuration = () -> BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.requests())
                        .refillGreedy(limit.requests(), limit.period()))
                .build();
        return buckets.builder()
                .build(key(limit, subject), configuration)
                .tryConsumeAndReturnRemaining(1);
    }

    /** Deletes up to {@code batch} buckets that have refilled completely; answers how many. */
    int removeExpired(int batch) {
        return buckets.removeExpired(batch);
    }
}
