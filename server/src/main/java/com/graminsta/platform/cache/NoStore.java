package com.graminsta.platform.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps nothing: every read misses and loads. What a {@link Caches#sharedCache} is without a
 * store shared by every instance.
 */
final class NoStore<V> implements CacheStore<V> {

    @Override
    public CachedValue<V> get(String key) {
        return null;
    }

    @Override
    public List<CachedValue<V>> getAll(List<String> keys) {
        List<CachedValue<V>> none = new ArrayList<>();
        keys.forEach(key -> none.add(null));
        return none;
    }

    @Override
    public boolean lease(String key, Lease lease) {
        return true;
    }

    @Override
    public void fill(String key, CachedValue<V> value, Lease lease) {
    }

    @Override
    public void release(String key, Lease lease) {
    }

    @Override
    public void evict(String key) {
    }
}
