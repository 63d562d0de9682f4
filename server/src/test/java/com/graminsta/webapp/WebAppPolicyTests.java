package com.graminsta.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The web app's Content-Security-Policy names exactly the origins the app needs: with local
 * storage, its own for everything but images (see {@link WebAppPolicyOnS3Tests} for object storage).
 */
class WebAppPolicyTests extends IntegrationTest {

    private final WebAppRoutes routes;

    WebAppPolicyTests(@Autowired WebAppRoutes routes) {
        this.routes = routes;
    }

    @Test
    void theAppConnectsOnlyToItsOwnOrigin() {
        assertThat(directive(routes.policy(), "connect-src")).isEqualTo("connect-src 'self'");
        assertThat(directive(routes.policy(), "script-src")).isEqualTo("script-src 'self'");
        assertThat(directive(routes.policy(), "img-src")).contains("'self'").doesNotContain("*");
    }

    static String directive(String policy, String name) {
        for (String directive : policy.split(";")) {
            if (directive.trim().startsWith(name + " ")) {
                return directive.trim();
            }
        }
        throw new AssertionError(name + " is missing from " + policy);
    }
}
