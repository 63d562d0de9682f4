package com.graminsta.platform.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where a cache keeps its values: this process's memory or Redis. Stores only store; the rules
 * (single flight, leases, early refresh, evictions after commit) are {@link Cache}'s. Every
 * method may throw {@link StoreUnavailableException}, after which the cache goes to the database.
 */
interface CacheStore<V> {

    /** The value under {@code key}, or null. */
    CachedValue<V> get(String key);

    /** The values under {@code keys}, in their order, null where there is none. */
    List<CachedValue<V>> getAll(List<String> keys);

    /**
     * Takes the right to fill {@code key} for {@code lease}: true when taken, or already held by
     * this same lease (asked again after a call that timed out, which the store may have carried
     * out); false while another lease holds it. An eviction of the key cancels its lease, so a
     * value loaded before a write cannot be stored after it (the stale set that Facebook's
     * memcache leases prevent). A lease lapses by itself after {@link Cache#LEASE}.
     */
    boolean lease(String key, Lease lease);

    /** Stores {@code value} if {@code lease} still holds, and ends the lease. Sending it twice does no harm. */
    void fill(String key, CachedValue<V> value, Lease lease);

    /** Ends a lease without filling (nothing was found to store). */
    void release(String key, Lease lease);

    /** {@link #lease} for each key with the lease at the same place, at once; the answers in order. */
    default List<Boolean> leaseAll(List<String> keys, List<Lease> leases) {
        List<Boolean> taken = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            taken.add(lease(keys.get(i), leases.get(i)));
        }
        return taken;
    }

    /** {@link #fill} for each key, at once, or {@link #release} where its value is null. */
    default void fillAll(List<String> keys, List<CachedValue<V>> values, List<Lease> leases) {
        for (int i = 0; i < keys.size(); i++) {
            if (values.get(i) == null) {
                release(keys.get(i), leases.get(i));
            } else {
                fill(keys.get(i), values.get(i), leases.get(i));
            }
        }
    }

    /** Drops the value and any lease on it. */
    void evict(String key);

    /**
     * Drops what this instance keeps of its own, after announcements of evictions may have been
     * missed: every value of an in-process store; nothing of a shared one, which missed nothing.
     */
    default void clear() {
    }

    /**
     * Called inside the writing transaction, before its commit. A store shared by all instances
     * needs nothing; one private to each instance tells the others here.
     */
    default void announceEviction(String key) {
    }

    /** A lease's token: whoever shows it may fill. */
    record Lease(String token) {

        static Lease next() {
            return new Lease(UUID.randomUUID().toString());
        }
    }
}
