package com.graminsta.platform.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Counts in this process's memory: the store of stages 1 to 5, and stage 6's while Redis cannot
 * answer. Keys name their window, so an entry is never needed after it; each is dropped one
 * period after it was made. At most {@value #MAX_KEYS} keys: past that, the least used are
 * dropped, which only ever lets a token make more requests, never fewer.
 */
final class LocalRequestCounter implements RequestCounter {

    static final long MAX_KEYS = 1_000_000;

    private final Cache<String, AtomicLong> counts;

    LocalRequestCounter(Duration period) {
        this.counts = Caffeine.newBuilder()
                .expireAfterWrite(period.plusSeconds(1))
                .maximumSize(MAX_KEYS)
                .build();
    }

    @Override
    public long increment(String key, Duration ttl) {
        return counts.get(key, k -> new AtomicLong()).incrementAndGet();
    }
}
