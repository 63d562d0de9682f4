package com.graminsta.media;

import java.time.Duration;

import com.graminsta.platform.ratelimit.RateLimit;
import com.graminsta.platform.ratelimit.RateLimiter;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * How many photos one account may upload: 30 in 30 minutes by default, through the server or
 * directly to object storage alike. Each costs storage and a libvips job, so it is limited even
 * for signed-in people. Set with {@code GRAMINSTA_RATE_LIMITS_UPLOADS_PER_ACCOUNT_REQUESTS} and
 * {@code _PERIOD}. Every call also counts against its token's limit (platform.ratelimit.TokenLimit).
 */
@Component
class UploadLimit {

    @ConfigurationProperties("graminsta.rate-limits.uploads-per-account")
    record Settings(@DefaultValue("30") int requests, @DefaultValue("30m") Duration period) {
    }

    private final RateLimiter rateLimiter;
    private final RateLimit limit;

    UploadLimit(RateLimiter rateLimiter, Settings settings) {
        this.rateLimiter = rateLimiter;
        this.limit = new RateLimit("uploads-account", settings.requests(), settings.period());
    }

    /** Takes one upload from the account's bucket, or answers 429 with Retry-After. */
    void acquire(long accountId) {
        rateLimiter.acquire(limit, Long.toString(accountId));
    }
}
