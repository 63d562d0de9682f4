package com.graminsta.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Mastodon's limit of 300 requests per 5 minutes per token, through the API, in stage 1 (no Redis). */
@TestPropertySource(properties = "graminsta.rate-limits.api-per-token.requests=300")
class TokenLimitApiTests extends IntegrationTest {

    @Autowired
    TokenLimit tokenLimit;

    @Test
    void withoutRedisTheCountIsKeptInTheInstance() {
        assertThat(tokenLimit.store()).isEqualTo("local");
    }

    @Test
    void theThreeHundredAndFirstRequestOfATokenIsRefusedWithMastodonsHeaders() {
        TestUser user = users().register();
        Api api = api();
        long remainingBefore = Long.MAX_VALUE;
        Instant reset = null;
        Api.Response response = null;
        // A window may end during the run; then the count starts again, and the test with it.
        for (int attempt = 0; attempt < 2; attempt++) {
            Instant windowEnd = null;
            int served = 0;
            remainingBefore = Long.MAX_VALUE;
            while (true) {
                response = api.get("/api/v1/accounts/verify_credentials", user.token());
                if (response.status() != 200) {
                    break;
                }
                served++;
                long remaining = Long.parseLong(response.header("X-RateLimit-Remaining").orElseThrow());
                Instant thisReset = reset(response);
                if (windowEnd != null && !thisReset.equals(windowEnd)) {
                    break;
                }
                windowEnd = thisReset;
                assertThat(response.header("X-RateLimit-Limit")).hasValue("300");
                assertThat(remaining).as("remaining after %d requests", served).isLessThan(remainingBefore);
                remainingBefore = remaining;
            }
            if (response.status() == 429) {
                reset = windowEnd;
                assertThat(remainingBefore).isZero();
                break;
            }
        }
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.json().get("error").asString()).isEqualTo("Too many requests");
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(response.header("X-RateLimit-Limit")).hasValue("300");
        assertThat(response.header("X-RateLimit-Remaining")).hasValue("0");
        assertThat(reset(response)).isEqualTo(reset);
        assertThat(Long.parseLong(response.header("Retry-After").orElseThrow())).isBetween(1L, 300L);

        // Another token of the same person has a count of its own.
        Api.Response other = api.get("/api/v1/accounts/verify_credentials", users().token(user, "read"));
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("X-RateLimit-Remaining")).hasValue("299");
    }

    @Test
    void theResetIsTheEndOfTheCurrentFiveMinuteWindow() {
        TestUser user = users().register();
        Instant before = Instant.now();
        Api.Response response = api().get("/api/v1/accounts/verify_credentials", user.token());
        Instant after = Instant.now();

        String header = response.header("X-RateLimit-Reset").orElseThrow();
        assertThat(header).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        Instant reset = reset(response);
        assertThat(reset.getEpochSecond() % 300).isZero();
        assertThat(reset).isAfter(before).isBeforeOrEqualTo(after.plus(Duration.ofMinutes(5)));
        assertThat(Duration.between(before, reset)).isLessThanOrEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void everyAuthenticatedApiResponseCarriesTheHeadersErrorsToo() {
        TestUser user = users().register();
        Api.Response missing = api().get("/api/v1/statuses/1", user.token());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("X-RateLimit-Limit")).hasValue("300");
        assertThat(missing.header("X-RateLimit-Remaining")).isPresent();
        assertThat(missing.header("X-RateLimit-Reset")).isPresent();
    }

    @Test
    void anonymousRequestsAreNotCountedPerToken() {
        Api.Response anonymous = api().get("/api/v1/timelines/public", null);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.header("X-RateLimit-Limit")).isEmpty();
    }

    private static Instant reset(Api.Response response) {
        return OffsetDateTime.parse(response.header("X-RateLimit-Reset").orElseThrow()).toInstant();
    }
}
