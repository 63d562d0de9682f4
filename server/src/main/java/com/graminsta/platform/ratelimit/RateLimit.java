package com.graminsta.platform.ratelimit;

import java.time.Duration;

/**
 * At most {@code requests} in any {@code period}; tokens come back gradually over the period.
 *
 * @param name names the limit in keys and logs, such as "sign-in-ip"
 */
public record RateLimit(String name, int requests, Duration period) {

    public RateLimit {
        if (requests < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("A rate limit needs at least one request over a positive period");
        }
    }
}
