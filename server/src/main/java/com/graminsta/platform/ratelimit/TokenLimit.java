package com.graminsta.platform.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.graminsta.platform.redis.Redis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Mastodon's limit on API requests per access token (300 per 5 minutes), counted as Mastodon's
 * Rack::Attack counts: in fixed windows aligned to the epoch, so every instance and every client
 * agree on when a window ends, which {@code X-RateLimit-Reset} reports. A token may thus make up
 * to twice the limit across the end of a window, as on Mastodon.
 *
 * <p>The count lives in Redis when one is configured (stage 6), shared by every instance; else
 * in each instance's memory, where with several instances (stages 2 to 5) a token gets the limit
 * at each of them (decision 0018).
 */
@Component
public class TokenLimit {

    private final TokenLimitSettings settings;
    private final RequestCounter counter;
    private final Clock clock;
    private final Counter refused;
    private final String store;
    /** The key names the limit's size: after an operator changes it, fresh counts take over. */
    private final String keyPrefix;

    @Autowired
    TokenLimit(TokenLimitSettings settings, Redis redis, MeterRegistry meters) {
        this(settings, counter(settings, redis, meters), meters, Clock.systemUTC(), redis.configured() ? "redis" : "local");
    }

    TokenLimit(TokenLimitSettings settings, RequestCounter counter, MeterRegistry meters, Clock clock, String store) {
        this.settings = settings;
        this.counter = counter;
        this.clock = clock;
        this.store = store;
        this.keyPrefix = "ratelimit:api-per-token:" + settings.requests() + "/" + settings.period().toMillis() + "ms:";
        this.refused = Counter.builder("graminsta.ratelimit.refused")
                .description("API requests answered 429 because their token had used up its window")
                .tag("limit", "api-per-token")
                .register(meters);
    }

    private static RequestCounter counter(TokenLimitSettings settings, Redis redis, MeterRegistry meters) {
        RequestCounter local = new LocalRequestCounter(settings.period());
        return redis.configured() ? new RedisRequestCounter(redis, local, meters) : local;
    }

    /** Counts one request made with the token {@code tokenId}, and says whether it was one too many. */
    public Quota count(long tokenId) {
        long now = clock.millis();
        long period = settings.period().toMillis();
        long window = Math.floorDiv(now, period);
        Instant reset = Instant.ofEpochMilli((window + 1) * period);
        String key = keyPrefix + tokenId + ":" + window;
        long count = counter.increment(key, Duration.ofMillis(reset.toEpochMilli() - now).plusSeconds(1));
        boolean exceeded = count > settings.requests();
        if (exceeded) {
            refused.increment();
        }
        return new Quota(settings.requests(), Math.max(0, settings.requests() - count), reset, exceeded);
    }

    /** {@code redis} or {@code local}: where the counts live. */
    public String store() {
        return store;
    }
}
