/**
 * Cache-aside for hot reads: a feature names a cache and says how to load a key
 * ({@link com.graminsta.platform.cache.Caches}, {@link com.graminsta.platform.cache.Cache}); the
 * backend (in-process or Redis) is chosen by configuration, and the rules that keep the cache
 * honest are written once: evictions after commit, one load per key at a time, leases across
 * instances, early refresh of hot keys, and the database whenever the cache cannot answer.
 */
package com.graminsta.platform.cache;
