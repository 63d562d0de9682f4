package com.graminsta.platform.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Values in this process's memory (Caffeine), each dropped at its own expiry or when the cache
 * is full (least recently and frequently used first). Leases are local too; a fill and an
 * eviction of one key are atomic with respect to each other (both run in Caffeine's per-key
 * {@code compute}), so an eviction cannot slip between a lease's check and its fill.
 *
 * <p>Several instances each have their own memory: {@link #announceEviction} tells the others
 * through {@link EvictionBroadcast}.
 */
final class LocalCacheStore<V> implements CacheStore<V> {

    private final com.github.benmanes.caffeine.cache.Cache<String, CachedValue<V>> values;
    private final ConcurrentMap<String, HeldLease> leases = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Consumer<String> announcer;

    private record HeldLease(Lease lease, long expiresAtMillis) {
    }

    /** @param announcer tells other instances, from inside the writing transaction, which key to drop */
    LocalCacheStore(long maximumSize, Clock clock, Consumer<String> announcer) {
        this.clock = clock;
        this.announcer = announcer;
        this.values = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(Expiry.<String, CachedValue<V>>writing(
                        (key, value) -> Duration.ofMillis(value.expiresAtMillis() - clock.millis())))
                .build();
    }

    @Override
    public CachedValue<V> get(String key) {
        return values.getIfPresent(key);
    }

    @Override
    public List<CachedValue<V>> getAll(List<String> keys) {
        return keys.stream().map(values::getIfPresent).toList();
    }

    @Override
    public boolean lease(String key, Lease lease) {
        long now = clock.millis();
        HeldLease mine = new HeldLease(lease, now + Cache.LEASE.toMillis());
        HeldLease held = leases.merge(key, mine, (current, asked) -> current.expiresAtMillis() < now ? asked : current);
        return held.lease().equals(lease);
    }

    @Override
    public void fill(String key, CachedValue<V> value, Lease lease) {
        values.asMap().compute(key, (k, current) -> endLease(key, lease) ? value : current);
    }

    @Override
    public void release(String key, Lease lease) {
        endLease(key, lease);
    }

    @Override
    public void evict(String key) {
        values.asMap().compute(key, (k, current) -> {
            leases.remove(key);
            return null;
        });
    }

    @Override
    public void announceEviction(String key) {
        announcer.accept(key);
    }

    /** After missed announcements: nothing here can be trusted any more. */
    @Override
    public void clear() {
        values.invalidateAll();
        leases.clear();
    }

    /** True when {@code lease} was still held (no eviction since it was given). */
    private boolean endLease(String key, Lease lease) {
        HeldLease held = leases.get(key);
        return held != null && held.lease().equals(lease) && leases.remove(key, held);
    }
}
