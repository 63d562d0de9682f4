package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestImages;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "graminsta.rate-limits.uploads-per-account.requests=2")
class UploadLimitTests extends IntegrationTest {

    @Test
    void uploadsAreLimitedPerAccountAndNothingIsKeptFromTheRefusedOne() {
        var user = users().register();
        var other = users().register();
        for (int i = 0; i < 2; i++) {
            assertThat(upload(user.token()).status()).isLessThan(300);
        }
        Api.Response third = upload(user.token());
        assertThat(third.status()).isEqualTo(429);
        assertThat(Long.parseLong(third.header("Retry-After").orElseThrow())).isPositive();
        assertThat(upload(other.token()).status()).as("another account has its own bucket").isLessThan(300);
    }

    private Api.Response upload(String token) {
        return api().multipart("POST", "/api/v2/media", token, Map.of("file",
                new Api.FilePart("photo.jpg", "image/jpeg", TestImages.jpeg(64, 48))));
    }
}
