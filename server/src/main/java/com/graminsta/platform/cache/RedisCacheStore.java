package com.graminsta.platform.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import com.graminsta.platform.redis.Redis;
import com.graminsta.platform.redis.RedisUnavailableException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Values in Redis, shared by every instance: a 16-byte header (expiry in epoch milliseconds, load
 * time in microseconds) and the value as JSON, stored with {@code PX} set to its expiry. The lease
 * of {@code account:{42}} is {@code account:{42}:lease}, taken with {@code SET NX PX} in a script
 * that also answers yes to the token already there (the retry of a take that timed out); a fill is
 * a script that stores the value only while the lease holds, and an eviction deletes both, so a
 * fill started before a write is refused after it. The braces are a hash tag: in a cluster the
 * key and its lease share a slot, as a script needs.
 *
 * <p>Concurrent reads of one key in this instance share one {@code GET}: under a burst, a
 * {@code GET} for each request queued hundreds of commands, which outlasted the timeout, and each
 * read that timed out was a miss that could load. An eviction by this instance makes the reads
 * after it send a new one, so a writer reads its own write; a read on another instance may still
 * join a {@code GET} sent just before the eviction (decision 0017).
 *
 * <p>An eviction that cannot be sent is kept, and resent before this instance's next call; until
 * it is delivered every call fails over to the database, so this instance never reads a value
 * it knows is stale. Kept evictions older than the time to live are dropped: by then the value
 * they were for has expired.
 */
final class RedisCacheStore<V> implements CacheStore<V> {

    private static final int HEADER_BYTES = 16;
    private static final String TAKE_LEASE = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) or redis.call('GET', KEYS[1]) == ARGV[1] then
                return 1
            end
            return 0""";
    private static final String FILL = """
            if redis.call('GET', KEYS[2]) == ARGV[1] then
                redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
                redis.call('DEL', KEYS[2])
                return 1
            end
            return 0""";
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('DEL', KEYS[1])
            end
            return 0""";

    private final Redis redis;
    private final Duration ttl;
    private final Class<V> type;
    private final JsonMapper json;
    private final Clock clock;
    private final ConcurrentMap<String, Long> unsentEvictions = new ConcurrentHashMap<>();
    private final SingleFlight<CachedValue<V>> gets = new SingleFlight<>();

    RedisCacheStore(Redis redis, Duration ttl, Class<V> type, JsonMapper json, Clock clock) {
        this.redis = redis;
        this.ttl = ttl;
        this.type = type;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public CachedValue<V> get(String key) {
        return gets.run(key, () -> decode(call(commands -> commands.get(redis.key(key)))));
    }

    @Override
    public List<CachedValue<V>> getAll(List<String> keys) {
        String[] stored = keys.stream().map(redis::key).toArray(String[]::new);
        // In a cluster Lettuce splits the MGET by slot and puts the answers back in order.
        return call(commands -> commands.mget(stored)).stream()
                .map(found -> decode(found.getValueOrElse(null)))
                .toList();
    }

    @Override
    public boolean lease(String key, Lease lease) {
        return leaseAll(List.of(key), List.of(lease)).getFirst();
    }

    @Override
    public List<Boolean> leaseAll(List<String> keys, List<Lease> leases) {
        byte[] leaseMillis = bytes(Long.toString(Cache.LEASE.toMillis()));
        List<Long> taken = callAll(commands -> {
            List<RedisFuture<Long>> sent = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                sent.add(commands.eval(TAKE_LEASE, ScriptOutputType.INTEGER,
                        new String[] {redis.key(leaseKey(keys.get(i)))}, bytes(leases.get(i).token()), leaseMillis));
            }
            return sent;
        });
        return taken.stream().map(answer -> answer != null && answer == 1).toList();
    }

    @Override
    public void fill(String key, CachedValue<V> value, Lease lease) {
        fillAll(List.of(key), Collections.singletonList(value), List.of(lease));
    }

    @Override
    public void release(String key, Lease lease) {
        fillAll(List.of(key), Collections.singletonList(null), List.of(lease));
    }

    /** A value already expired is not stored: its lease is released instead. */
    @Override
    public void fillAll(List<String> keys, List<CachedValue<V>> values, List<Lease> leases) {
        long now = clock.millis();
        callAll(commands -> {
            List<RedisFuture<Long>> sent = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                CachedValue<V> value = values.get(i);
                byte[] token = bytes(leases.get(i).token());
                long ttlMillis = value == null ? 0 : value.expiresAtMillis() - now;
                if (ttlMillis > 0) {
                    sent.add(commands.eval(FILL, ScriptOutputType.INTEGER,
                            new String[] {redis.key(key), redis.key(leaseKey(key))},
                            token, encode(value), bytes(Long.toString(ttlMillis))));
                } else {
                    sent.add(commands.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {redis.key(leaseKey(key))}, token));
                }
            }
            return sent;
        });
    }

    @Override
    public void evict(String key) {
        unsentEvictions.put(key, clock.millis());
        try {
            sendEvictions();
        } finally {
            // Only once the DEL has been answered (or kept to be sent first): a GET sent before
            // then could still find the old value.
            gets.forget(key);
        }
    }

    private <T> List<T> callAll(Function<RedisClusterAsyncCommands<String, byte[]>, List<RedisFuture<T>>> commands) {
        sendEvictions();
        try {
            return redis.callAll(commands);
        } catch (RedisUnavailableException e) {
            throw new StoreUnavailableException(e, e.slow());
        }
    }

    private <T> T call(Function<RedisClusterCommands<String, byte[]>, T> command) {
        sendEvictions();
        try {
            return redis.call(command);
        } catch (RedisUnavailableException e) {
            throw new StoreUnavailableException(e, e.slow());
        }
    }

    private void sendEvictions() {
        if (unsentEvictions.isEmpty()) {
            return;
        }
        long forgetBefore = clock.millis() - ttl.toMillis();
        for (var eviction : unsentEvictions.entrySet()) {
            String key = eviction.getKey();
            if (eviction.getValue() >= forgetBefore) {
                try {
                    redis.call(commands -> commands.del(redis.key(key), redis.key(leaseKey(key))));
                } catch (RedisUnavailableException e) {
                    throw new StoreUnavailableException(e, e.slow());
                }
            }
            unsentEvictions.remove(key, eviction.getValue());
        }
    }

    private static String leaseKey(String key) {
        return key + ":lease";
    }

    private byte[] encode(CachedValue<V> value) {
        byte[] body = json.writeValueAsBytes(value.value());
        return ByteBuffer.allocate(HEADER_BYTES + body.length)
                .putLong(value.expiresAtMillis())
                .putLong(value.loadMicros())
                .put(body)
                .array();
    }

    /** Null for nothing, and for what this version cannot read (written by another version, or damaged). */
    private CachedValue<V> decode(byte[] stored) {
        if (stored == null || stored.length < HEADER_BYTES) {
            return null;
        }
        ByteBuffer header = ByteBuffer.wrap(stored, 0, HEADER_BYTES);
        try {
            V value = json.readValue(stored, HEADER_BYTES, stored.length - HEADER_BYTES, type);
            return new CachedValue<>(value, header.getLong(), header.getLong());
        } catch (JacksonException e) {
            return null;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
