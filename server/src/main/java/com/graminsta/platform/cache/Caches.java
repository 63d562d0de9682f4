package com.graminsta.platform.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.graminsta.platform.database.PrimaryReads;
import com.graminsta.platform.redis.Redis;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the named caches features use. Where they keep their values is chosen here when the
 * server starts, from {@code graminsta.cache} ({@code GRAMINSTA_CACHE}), never by bean conditions
 * (the build fixes those ahead of time; docs/decisions/0015):
 * <ul>
 *   <li>{@code local}, the default without Redis: each instance's own memory (Caffeine, at most
 *       {@value #LOCAL_MAX_ENTRIES} values per cache). Evictions reach the other instances through
 *       PostgreSQL ({@link EvictionBroadcast}), so stages 2 to 5 run several instances on it.</li>
 *   <li>{@code redis}, the default when {@code GRAMINSTA_REDIS_URL} or {@code GRAMINSTA_REDIS_NODES}
 *       is set (stage 6): one copy shared by every instance ({@link RedisCacheStore}).</li>
 * </ul>
 */
@Component
public class Caches implements SmartLifecycle {

    static final long LOCAL_MAX_ENTRIES = 50_000;

    private final boolean local;
    private final Redis redis;
    private final MeterRegistry meters;
    private final PrimaryReads primary;
    private final EvictionBroadcast broadcast;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Cache<?, ?>> localCaches = new ConcurrentHashMap<>();

    Caches(@Value("${graminsta.cache:}") String backend, Redis redis, DataSource dataSource, JdbcClient jdbc,
           MeterRegistry meters, PrimaryReads primary) {
        String chosen = backend.isBlank() ? (redis.configured() ? "redis" : "local") : backend.strip();
        this.local = switch (chosen) {
            case "local" -> true;
            case "redis" -> {
                if (!redis.configured()) {
                    throw new IllegalStateException(
                            "GRAMINSTA_CACHE (graminsta.cache) is 'redis', but neither GRAMINSTA_REDIS_URL nor GRAMINSTA_REDIS_NODES is set");
                }
                yield false;
            }
            default -> throw new IllegalStateException(
                    "GRAMINSTA_CACHE (graminsta.cache) is '" + chosen + "'; it must be local or redis");
        };
        this.redis = redis;
        this.meters = meters;
        this.primary = primary;
        this.broadcast = local ? new EvictionBroadcast(dataSource, jdbc, this::evictLocally, this::clearLocal) : null;
    }

    /** A cache of {@code type} values under {@code name}, each kept at most {@code ttl}. One per name. */
    public <K, V> Cache<K, V> cache(String name, Class<V> type, Duration ttl) {
        if (!local) {
            return made(name, ttl, new RedisCacheStore<>(redis, ttl, type, json, clock));
        }
        Cache<K, V> cache = made(name, ttl, new LocalCacheStore<>(LOCAL_MAX_ENTRIES, clock, broadcast::announce));
        if (localCaches.putIfAbsent(name, cache) != null) {
            throw new IllegalStateException("There is already a cache named " + name);
        }
        return cache;
    }

    /**
     * A cache kept only where every instance reads one copy (Redis), for values that must not
     * outlive their eviction on any instance once the writing request has answered, as a revoked
     * access token must not. The in-process backend tells the other instances of an eviction
     * milliseconds after the commit, so there this cache keeps nothing and every read loads.
     */
    public <K, V> Cache<K, V> sharedCache(String name, Class<V> type, Duration ttl) {
        return made(name, ttl, local ? new NoStore<>() : new RedisCacheStore<>(redis, ttl, type, json, clock));
    }

    private <K, V> Cache<K, V> made(String name, Duration ttl, CacheStore<V> store) {
        return new Cache<>(name, ttl, store, meters, clock, () -> ThreadLocalRandom.current().nextDouble(), primary);
    }

    /** {@code local} or {@code redis}. */
    public String backend() {
        return local ? "local" : "redis";
    }

    /** {@code name:{id}}: the cache's name is what comes before the first colon. */
    private void evictLocally(String key) {
        Cache<?, ?> cache = localCaches.get(key.substring(0, Math.max(0, key.indexOf(':'))));
        if (cache != null) {
            cache.evictAnnounced(key);
        }
    }

    private void clearLocal() {
        localCaches.values().forEach(Cache::clearAfterMissedEvictions);
    }

    @Override
    public void start() {
        if (broadcast != null) {
            broadcast.start();
        }
    }

    @Override
    public void stop() {
        if (broadcast != null) {
            broadcast.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return broadcast != null && broadcast.running();
    }
}
