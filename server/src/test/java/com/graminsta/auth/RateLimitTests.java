package com.graminsta.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestApp;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The tests' requests come from 127.0.0.1, trusted here as a balancer: each test names its own
 * client address in X-Forwarded-For, so the per-address buckets of one test leave the others alone.
 */
@TestPropertySource(properties = {
        "graminsta.trusted-proxies=127.0.0.1/32",
        "graminsta.rate-limits.registrations-per-ip.requests=3",
        "graminsta.rate-limits.sign-ins-per-account.requests=3",
        "graminsta.rate-limits.sign-ins-per-ip.requests=8",
        "graminsta.rate-limits.app-registrations-per-ip.requests=20",
        "graminsta.rate-limits.password-checks-per-session.requests=3",
})
class RateLimitTests extends IntegrationTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** A client address of its own for each test. */
    private final String address = "203.0.113." + ADDRESSES.incrementAndGet();

    @Test
    void registrationsAreLimitedPerAddress() {
        TestApp app = users().app("read write");
        int created = 0;
        Api.Response response = null;
        for (int i = 0; i < 5; i++) {
            String name = "limited_" + i + "_" + System.nanoTime() % 100000;
            response = post("/api/v1/accounts", app.token(), Api.form("username", name,
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
                status = passwordGrant(app, login, "Wrong-Password-1").status();
            }
            assertThat(status).isEqualTo(429);
        }
    }

    @Test
    void usernameAndEmailShareTheAccountsBucket() {
        TestUser user = users().register();
        TestApp app = users().app("read");
        assertThat(passwordGrant(app, user.username(), "Wrong-Password-1").status()).isEqualTo(400);
        assertThat(passwordGrant(app, user.email(), "Wrong-Password-1").status()).isEqualTo(400);
        assertThat(passwordGrant(app, user.username().toUpperCase(), "Wrong-Password-1").status()).isEqualTo(400);

        Api.Response fourth = passwordGrant(app, user.email().toUpperCase(), user.password());

        assertThat(fourth.status()).isEqualTo(429);
        assertThat(Long.parseLong(fourth.header("Retry-After").orElseThrow())).isPositive();
        // The owner's session is untouched: signing in is limited, being signed in is not.
        assertThat(api().get("/api/v1/accounts/verify_credentials", user.token()).status()).isEqualTo(200);
    }

    @Test
    void signInsAreLimitedPerAddressAcrossAccounts() {
        TestApp app = users().app("read");
        int status = 0;
        for (int i = 0; i < 12 && status != 429; i++) {
            status = passwordGrant(app, "spray_" + i + "_" + System.nanoTime(), "Wrong-Password-1").status();
        }
        assertThat(status).isEqualTo(429);
    }

    @Test
    void currentPasswordGuessesAreLimitedPerSessionAndCountAgainstTheAccount() {
        TestUser user = users().register();
        TestApp app = users().app("read write");
        String stolen = passwordGrant(app, user.email(), user.password()).json().get("access_token").asString();

        for (int i = 0; i < 3; i++) {
            assertThat(changePassword(stolen, "Guess-" + i + "-password", "A-brand-new-Secret-42").status()).isEqualTo(422);
        }
        Api.Response fourth = changePassword(stolen, user.password(), "A-brand-new-Secret-42");
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(Long.parseLong(fourth.header("Retry-After").orElseThrow())).isPositive();
        // The guesses drained the account's sign-in bucket too: one budget for both ways of guessing.
        assertThat(passwordGrant(app, user.username(), user.password()).status()).isEqualTo(429);

        // The owner's own session still changes the password, and ends the stolen one.
        Api.Response owner = changePassword(user.token(), user.password(), "A-brand-new-Secret-42");
        assertThat(owner.status()).as(owner.toString()).isEqualTo(200);
        assertThat(api().get("/api/v1/accounts/verify_credentials", stolen).status()).isEqualTo(401);
    }

    @Test
    void appRegistrationsAreLimitedPerAddress() {
        Api.Response response = null;
        for (int i = 0; i < 25; i++) {
            response = post("/api/v1/apps", null, Api.form("client_name", "burst " + i,
                    "redirect_uris", "urn:ietf:wg:oauth:2.0:oob"));
            if (response.status() != 200) {
                break;
            }
        }
        assertThat(response.status()).isEqualTo(429);
        assertThat(Long.parseLong(response.header("Retry-After").orElseThrow())).isPositive();
    }

    private Api.Response passwordGrant(TestApp app, String login, String password) {
        return post("/oauth/token", null, Api.form("grant_type", "password", "client_id", app.clientId(),
                "client_secret", app.clientSecret(), "username", login, "password", password));
    }

    private Api.Response changePassword(String token, String current, String next) {
        return post("/api/graminsta/v1/password", token, Api.form("current_password", current, "password", next));
    }

    private Api.Response post(String path, String token, Map<String, ?> form) {
        String[] headers = token == null
                ? new String[] {"X-Forwarded-For", address}
                : new String[] {"X-Forwarded-For", address, "Authorization", "Bearer " + token};
        return api().send("POST", path, null, "application/x-www-form-urlencoded",
                Api.encode(form).getBytes(StandardCharsets.UTF_8), headers);
    }
}
