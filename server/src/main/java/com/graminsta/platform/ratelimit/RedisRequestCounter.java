package com.graminsta.platform.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.graminsta.platform.redis.Redis;
import com.graminsta.platform.redis.RedisUnavailableException;
import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts in Redis, shared by every instance (stage 6): one {@code INCR} per request in a script
 * that also sets the key's expiry when it makes the key, so a count never outlives its window
 * even if the caller dies in between. One key per script: any cluster slot will do.
 *
 * <p>When Redis is slow, down or kept out by the circuit breaker, this instance counts in its own
 * memory ({@code fallback}) until Redis answers again: the limit then holds per instance, and no
 * request fails because of Redis.
 */
final class RedisRequestCounter implements RequestCounter {

    private static final String INCREMENT = """
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then
                redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            return count""";

    private final Redis redis;
    private final RequestCounter fallback;
    private final Counter failures;

    RedisRequestCounter(Redis redis, RequestCounter fallback, MeterRegistry meters) {
        this.redis = redis;
        this.fallback = fallback;
        this.failures = Counter.builder("graminsta.ratelimit.redis.errors")
                .description("Per-token counts kept in this instance because Redis failed or its circuit was open")
                .tag("limit", "api-per-token")
                .register(meters);
    }

    @Override
    public long increment(String key, Duration ttl) {
        String stored = redis.key(key);
        byte[] millis = Long.toString(Math.max(1, ttl.toMillis())).getBytes(StandardCharsets.US_ASCII);
        try {
            Long count = redis.call(commands -> commands.eval(INCREMENT, ScriptOutputType.INTEGER, new String[] {stored}, millis));
            return count;
        } catch (RedisUnavailableException e) {
            failures.increment();
            return fallback.increment(key, ttl);
        }
    }
}
