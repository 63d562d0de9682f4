package com.graminsta.platform.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many API requests one access token may make per period: Mastodon's 300 per 5 minutes by
 * default. Set with {@code GRAMINSTA_RATELIMITS_APIPERTOKEN_REQUESTS} and {@code _PERIOD}; load
 * tests that send many requests with one token raise the first (decision 0018).
 */
@ConfigurationProperties("graminsta.rate-limits.api-per-token")
public record TokenLimitSettings(@DefaultValue("300") int requests, @DefaultValue("5m") Duration period) {

    public TokenLimitSettings {
        if (requests < 1 || period.toMillis() < 1000) {
            throw new IllegalArgumentException("graminsta.rate-limits.api-per-token needs at least one request over a period of a second or more");
        }
    }
}
