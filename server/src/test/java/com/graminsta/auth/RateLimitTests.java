package com.graminsta.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestApp;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {
        "graminsta.rate-limits.registrations-per-ip.requests=3",
        "graminsta.rate-limits.sign-ins-per-account.requests=3",
        "graminsta.rate-limits.sign-ins-per-ip.requests=8",
})
class RateLimitTests extends IntegrationTest {

    @Test
    void registrationsAreLimitedPerAddress() {
        TestApp app = users().app("read write");
        int created = 0;
        Api.Response response = null;
        for (int i = 0; i < 5; i++) {
            String name = "limited_" + i + "_" + System.nanoTime() % 100000;
            response = api().postForm("/api/v1/accounts", app.token(), Api.form("username", name,
                    "email", name + "@example.com", "password", "Correct-Horse-Battery", "agreement", "true"));
            if (response.status() == 200) {
                created++;
            } else {
                break;
            }
        }
        assertThat(created).isLessThanOrEqualTo(3);
        assertThat(response.status()).isEqualTo(429);
        assertThat(Long.parseLong(response.header("Retry-After").orElseThrow())).isPositive();
        assertThat(response.json().get("error").asString()).isEqualTo("Too many requests");
    }

    @Test
    void signInsAreLimitedPerAccountWhetherOrNotItExists() {
        TestApp app = users().app("read");
        for (String login : new String[] {"someone_" + System.nanoTime() + "@example.com", "ghost_" + System.nanoTime()}) {
            int status = 0;
            for (int i = 0; i < 4; i++) {
                status = api().postForm("/oauth/token", null, Api.form("grant_type", "password", "client_id", app.clientId(),
                        "client_secret", app.clientSecret(), "username", login, "password", "Wrong-Password-1")).status();
            }
            assertThat(status).isEqualTo(429);
        }
    }

    @Test
    void signInsAreLimitedPerAddressAcrossAccounts() {
        TestApp app = users().app("read");
        int status = 0;
        for (int i = 0; i < 12 && status != 429; i++) {
            status = api().postForm("/oauth/token", null, Api.form("grant_type", "password", "client_id", app.clientId(),
                    "client_secret", app.clientSecret(), "username", "spray_" + i + "_" + System.nanoTime(),
                    "password", "Wrong-Password-1")).status();
        }
        assertThat(status).isEqualTo(429);
    }
}
