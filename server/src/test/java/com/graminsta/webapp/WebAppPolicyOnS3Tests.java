package com.graminsta.webapp;

import static com.graminsta.webapp.WebAppPolicyTests.directive;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import com.graminsta.support.S3IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** With object storage and direct uploads, the app may upload to the store and show photos from it. */
class WebAppPolicyOnS3Tests extends S3IntegrationTest {

    private final WebAppRoutes routes;

    WebAppPolicyOnS3Tests(@Autowired WebAppRoutes routes) {
        this.routes = routes;
    }

    @Test
    void theAppMayUploadToTheStoreAndShowPhotosFromIt() {
        URI store = URI.create(s3proxy().endpoint());
        String origin = store.getScheme() + "://" + store.getRawAuthority();
        assertThat(directive(routes.policy(), "connect-src")).isEqualTo("connect-src 'self' " + origin);
        assertThat(directive(routes.policy(), "img-src")).contains(" " + origin);
    }
}
