package com.graminsta.webapp;

import static com.graminsta.webapp.WebAppPolicyTests.directive;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which other origins the app's policy lets it connect to, from the settings alone. */
class WebAppPolicyOriginsTests {

    private static final URI PUBLIC_URL = URI.create("https://photos.example");

    @Test
    void streamingOnTheAppsOwnHostNeedsNothingBeyondSelf() {
        String policy = WebAppRoutes.policy(PUBLIC_URL, PUBLIC_URL, Optional.empty(), URI.create("wss://photos.example"));
        assertThat(directive(policy, "connect-src")).isEqualTo("connect-src 'self'");
    }

    @Test
    void streamingOnAHostOfItsOwnIsAllowed() {
        String policy = WebAppRoutes.policy(PUBLIC_URL, PUBLIC_URL, Optional.of("https://store.example"),
                URI.create("wss://streaming.example"));
        assertThat(directive(policy, "connect-src"))
                .isEqualTo("connect-src 'self' https://store.example wss://streaming.example");
    }

    @Test
    void photosFromAMediaHostAreAllowed() {
        String policy = WebAppRoutes.policy(PUBLIC_URL, URI.create("https://cdn.example/media"), Optional.empty(),
                URI.create("wss://photos.example"));
        assertThat(directive(policy, "img-src")).isEqualTo("img-src 'self' blob: https://photos.example https://cdn.example");
    }
}
