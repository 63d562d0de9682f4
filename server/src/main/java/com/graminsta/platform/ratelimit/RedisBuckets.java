package com.graminsta.platform.ratelimit;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.graminsta.platform.redis.Redis;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.RedisApi;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * Bucket4j's Redis backend (compare-and-swap in a Lua script) over the server's one connection to
 * Redis ({@link Redis}), so the buckets share its timeout and circuit breaker: every command
 * either answers within the timeout or throws
 * {@link com.graminsta.platform.redis.RedisUnavailableException} at once.
 *
 * <p>Each bucket is one key, {@code <prefix>ratelimit:<limit>:<subject>}, and Bucket4j's script
 * touches only that key, so in a Redis Cluster any slot will do and no hash tag is needed. A key
 * expires a minute after its bucket would be full again.
 */
final class RedisBuckets {

    private RedisBuckets() {
    }

    static LettuceBasedProxyManager<Object> proxyManager(Redis redis) {
        return new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(new Commands(redis))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }

    static String key(Redis redis, RateLimit limit, String subject) {
        return redis.key("ratelimit:" + RateLimiter.key(limit, subject));
    }

    /**
     * The three commands Bucket4j needs, run synchronously through {@link Redis#call}; their
     * futures are complete when returned. The key type is Object because Bucket4j hands keys over
     * in an {@code Object[]}; they are always the strings {@link #key} makes.
     */
    private record Commands(Redis redis) implements RedisApi<Object> {

        @Override
        public <V> RedisFuture<V> eval(String script, ScriptOutputType type, Object[] keys, byte[][] args) {
            String[] names = Arrays.copyOf(keys, keys.length, String[].class);
            return done(commands -> commands.eval(script, type, names, args));
        }

        @Override
        public RedisFuture<byte[]> get(Object key) {
            return done(commands -> commands.get((String) key));
        }

        @Override
        public RedisFuture<?> delete(Object key) {
            return done(commands -> commands.del((String) key));
        }

        private <V> RedisFuture<V> done(Function<RedisClusterCommands<String, byte[]>, V> command) {
            return new Done<>(redis.call(command));
        }
    }

    private static final class Done<V> extends CompletableFuture<V> implements RedisFuture<V> {

        Done(V value) {
            complete(value);
        }

        @Override
        public String getError() {
            return null;
        }

        @Override
        public boolean await(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
