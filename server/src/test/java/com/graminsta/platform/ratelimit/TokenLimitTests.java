package com.graminsta.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The window arithmetic, on the in-process counter and a clock the test moves. */
class TokenLimitTests {

    private static final Instant WINDOW_START = Instant.parse("2026-12-03T10:15:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(WINDOW_START.plusSeconds(100));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TokenLimit limit = limit(new TokenLimitSettings(300, Duration.ofMinutes(5)));

    @Test
    void theThreeHundredAndFirstRequestOfAWindowIsOneTooMany() {
        for (int i = 1; i <= 300; i++) {
            Quota quota = limit.count(7);
            assertThat(quota.exceeded()).as("request %d", i).isFalse();
            assertThat(quota.remaining()).isEqualTo(300 - i);
        }
        Quota refused = limit.count(7);
        assertThat(refused.exceeded()).isTrue();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.limit()).isEqualTo(300);
        assertThat(meters.counter("graminsta.ratelimit.refused", "limit", "api-per-token").count()).isOne();
    }

    @Test
    void windowsAreAlignedToTheEpochSoTheResetIsTheEndOfTheCurrentFiveMinutes() {
        assertThat(limit.count(7).reset()).isEqualTo(Instant.parse("2026-12-03T10:20:00Z"));
        now.set(Instant.parse("2026-12-03T10:19:59.999Z"));
        assertThat(limit.count(7).reset()).isEqualTo(Instant.parse("2026-12-03T10:20:00Z"));
        now.set(Instant.parse("2026-12-03T10:20:00Z"));
        assertThat(limit.count(7).reset()).isEqualTo(Instant.parse("2026-12-03T10:25:00Z"));
    }

    @Test
    void aNewWindowStartsTheCountAgain() {
        for (int i = 0; i < 301; i++) {
            limit.count(7);
        }
        assertThat(limit.count(7).exceeded()).isTrue();

        now.set(WINDOW_START.plus(Duration.ofMinutes(5)));

        Quota quota = limit.count(7);
        assertThat(quota.exceeded()).isFalse();
        assertThat(quota.remaining()).isEqualTo(299);
    }

    @Test
    void eachTokenHasItsOwnCount() {
        for (int i = 0; i < 300; i++) {
            limit.count(7);
        }
        assertThat(limit.count(7).exceeded()).isTrue();
        assertThat(limit.count(8).remaining()).isEqualTo(299);
    }

    @Test
    void theLimitAndPeriodAreSettings() {
        TokenLimit small = limit(new TokenLimitSettings(2, Duration.ofSeconds(10)));
        assertThat(small.count(7).remaining()).isEqualTo(1);
        assertThat(small.count(7).remaining()).isZero();
        assertThat(small.count(7).exceeded()).isTrue();
        assertThat(small.count(7).reset()).isEqualTo(Instant.parse("2026-12-03T10:16:50Z"));
    }

    @Test
    void theResetIsWrittenAsMastodonWritesIt() {
        assertThat(TokenLimitFilter.RESET.format(Instant.parse("2026-12-03T10:20:00Z"))).isEqualTo("2026-12-03T10:20:00.000000Z");
    }

    private TokenLimit limit(TokenLimitSettings settings) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        return new TokenLimit(settings, new LocalRequestCounter(settings.period()), meters, clock, "local");
    }
}
