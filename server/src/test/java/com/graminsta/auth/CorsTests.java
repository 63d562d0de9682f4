package com.graminsta.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** A web app on another origin (stage 3) may call the API; other origins may not. */
@TestPropertySource(properties = "graminsta.cors.allowed-origins=https://app.example")
class CorsTests extends IntegrationTest {

    @Test
    void theConfiguredOriginMayCallTheApiAndReadItsPageLinks() {
        Api.Response preflight = api().send("OPTIONS", "/api/v1/timelines/home", null, null, new byte[0],
                "Origin", "https://app.example", "Access-Control-Request-Method", "GET",
                "Access-Control-Request-Headers", "authorization");
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).contains("https://app.example");
        assertThat(preflight.header("Access-Control-Allow-Headers").orElseThrow()).containsIgnoringCase("authorization");

        var user = users().register();
        Api.Response timeline = api().send("GET", "/api/v1/timelines/home", user.token(), null, new byte[0],
                "Origin", "https://app.example");
        assertThat(timeline.status()).isEqualTo(200);
        assertThat(timeline.header("Access-Control-Allow-Origin")).contains("https://app.example");
        assertThat(timeline.header("Access-Control-Expose-Headers").orElseThrow())
                .contains("Link", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");
        assertThat(timeline.header("X-RateLimit-Remaining")).isPresent();
    }

    @Test
    void otherOriginsAreRefused() {
        Api.Response preflight = api().send("OPTIONS", "/api/v1/timelines/home", null, null, new byte[0],
                "Origin", "https://evil.example", "Access-Control-Request-Method", "GET");
        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void theSignInPageIsNotOpenToOtherOrigins() {
        Api.Response preflight = api().send("OPTIONS", "/oauth/authorize", null, null, new byte[0],
                "Origin", "https://app.example", "Access-Control-Request-Method", "POST");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEmpty();
    }
}
