package com.graminsta.platform.cache;

import java.time.Duration;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The values this instance has just loaded from the primary, each with the moment its load began,
 * kept for {@link #KEPT}. A read that missed may take one whose load began no earlier than the
 * read itself: the database was asked after the read began, so the value is as new as anything
 * the read could have found in the store, and a write whose eviction ended before the read began
 * is in it. Under a burst on a slow Redis, reads whose {@code GET} timed out after this instance's
 * load had ended each asked for the lease again, read again, and some loaded again.
 *
 * <p>Times are {@link System#nanoTime}, the one clock both sides of the comparison read.
 */
final class RecentLoads<V> {

    static final Duration KEPT = Duration.ofSeconds(2);
    private static final long MAX_KEYS = 10_000;

    private record Load<V>(V value, long startedNanos) {
    }

    private final ConcurrentMap<String, Load<V>> loads = Caffeine.newBuilder()
            .expireAfterWrite(KEPT)
            .maximumSize(MAX_KEYS)
            .<String, Load<V>>build()
            .asMap();

    /** Keeps {@code value}, unless a load of {@code key} that began later is kept already. */
    void remember(String key, V value, long startedNanos) {
        loads.merge(key, new Load<>(value, startedNanos),
                (kept, latest) -> latest.startedNanos() - kept.startedNanos() >= 0 ? latest : kept);
    }

    /** The value of a load of {@code key} that began at {@code sinceNanos} or later; null if none is kept. */
    V loadedSince(String key, long sinceNanos) {
        Load<V> load = loads.get(key);
        return load != null && load.startedNanos() - sinceNanos >= 0 ? load.value() : null;
    }

    /**
     * After an eviction. A read that begins after it would not take a value loaded before it
     * anyway; this keeps the map from holding what is known to be stale.
     */
    void forget(String key) {
        loads.remove(key);
    }

    void forgetAll() {
        loads.clear();
    }
}
