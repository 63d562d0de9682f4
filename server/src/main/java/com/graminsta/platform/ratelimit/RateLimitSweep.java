package com.graminsta.platform.ratelimit;

import java.time.Duration;

import com.graminsta.platform.jobs.JobHandler;
import com.graminsta.platform.jobs.JobType;
import com.graminsta.platform.jobs.RecurringJob;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * Hourly: deletes rate-limit buckets that have refilled completely. Such a bucket says nothing a
 * fresh one would not, and every address or login name ever tried would otherwise keep a row.
 */
@Component
class RateLimitSweep implements JobHandler<RateLimitSweep.Payload> {

    static final JobType<Payload> TYPE = JobType.of("platform.sweep-rate-limit-buckets", Payload.class);
    private static final int BATCH = 1_000;

    record Payload() {
    }

    private final RateLimiter rateLimiter;

    RateLimitSweep(RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
    }

    @Override
    public JobType<Payload> type() {
        return TYPE;
    }

    @Override
    public void handle(Payload payload) {
        // Bucket4j deletes each batch in a statement of its own, skipping rows in use.
        int removed;
        do {
            removed = rateLimiter.removeExpired(BATCH);
        } while (removed == BATCH);
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringJob<Payload> rateLimitSweepSchedule() {
            return RecurringJob.every(Duration.ofHours(1), TYPE, new Payload());
        }
    }
}
