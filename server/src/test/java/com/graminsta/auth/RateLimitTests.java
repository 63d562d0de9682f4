package com.graminsta.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestApp;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {
        "graminsta.rate-limits.registrations-per-ip.requests=3",
        "graminsta.rate-limits.sign-ins-per-account.requests=3",
        "graminsta.rate-limits.sign-ins-per-ip.requests=8",
        // A short period: the other tests here register an app each, and must find the bucket refilled.
        "graminsta.rate-limits.app-registrations-per-ip.requests=3",
        "graminsta.rate-limits.app-registrations-per-ip.period=3s",
})
class RateLimitTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

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

    @Test
    void aForwardedForFromAnUntrustedPeerChangesNothing() {
        TestApp app = users().app("read");
        int status = 0;
        for (int i = 0; i < 12 && status != 429; i++) {
            status = api().send("POST", "/oauth/token", null, "application/x-www-form-urlencoded",
                    Api.encode(Api.form("grant_type", "password", "client_id", app.clientId(), "client_secret", app.clientSecret(),
                            "username", "spoof_" + i + "_" + System.nanoTime(), "password", "Wrong-Password-1")).getBytes(),
                    "X-Forwarded-For", "198.51.100." + i).status();
        }
        assertThat(status).isEqualTo(429);
        assertThat(jdbc.sql("SELECT count(*) FROM rate_limit_buckets WHERE id LIKE '%:198.51.100.%'").query(Long.class).single())
                .isZero();
    }

    @Test
    void appRegistrationsAreLimitedPerAddress() throws InterruptedException {
        Api.Response response = null;
        for (int i = 0; i < 5; i++) {
            response = api().postForm("/api/v1/apps", null, Api.form("client_name", "burst " + i,
                    "redirect_uris", "urn:ietf:wg:oauth:2.0:oob"));
            if (response.status() != 200) {
                break;
            }
        }
        assertThat(response.status()).isEqualTo(429);
        long retryAfter = Long.parseLong(response.header("Retry-After").orElseThrow());
        assertThat(retryAfter).isPositive();
        Thread.sleep(retryAfter * 1000);
        assertThat(api().postForm("/api/v1/apps", null, Api.form("client_name", "later",
                "redirect_uris", "urn:ietf:wg:oauth:2.0:oob")).status()).isEqualTo(200);
        // The other tests here register apps too: leave them a full bucket.
        Thread.sleep(3_000);
    }
}
