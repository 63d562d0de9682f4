package com.graminsta.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestApp;
import org.junit.jupiter.api.Test;

class RegistrationTests extends IntegrationTest {

    @Test
    void registrationAnswersTheNewUsersToken() {
        TestApp app = users().app("read write follow");
        String username = uniqueName("ana");
        Api.Response response = api().postJson("/api/v1/accounts", app.token(), Map.of("username", username,
                "email", username + "@example.com", "password", "Correct-Horse-Battery", "agreement", true, "locale", "en"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        String token = response.json().get("access_token").asString();
        assertThat(response.json().get("scope").asString()).isEqualTo("read write follow");
        var me = api().get("/api/v1/accounts/verify_credentials", token).json();
        assertThat(me.get("username").asString()).isEqualTo(username);
        assertThat(me.get("acct").asString()).isEqualTo(username);
        assertThat(me.get("id").asString()).matches("\\d+");
        assertThat(me.get("source").get("privacy").asString()).isEqualTo("public");
    }

    @Test
    void registrationAcceptsFormAndMultipartBodies() {
        TestApp app = users().app("read write");
        String formName = uniqueName("form");
        assertThat(api().postForm("/api/v1/accounts", app.token(), Api.form("username", formName,
                "email", formName + "@example.com", "password", "Correct-Horse-Battery", "agreement", "1")).status())
                .isEqualTo(200);
        String multipartName = uniqueName("multi");
        Api.Response multipart = api().multipart("POST", "/api/v1/accounts", app.token(), Api.form("username", multipartName,
                "email", multipartName + "@example.com", "password", "Correct-Horse-Battery", "agreement", "true"));
        assertThat(multipart.status()).as(multipart.toString()).isEqualTo(200);
    }

    @Test
    void usernamesAreUniqueIgnoringCase() {
        TestApp app = users().app("read write");
        String username = uniqueName("Case");
        assertThat(register(app, username, "first").status()).isEqualTo(200);
        Api.Response again = register(app, username.toLowerCase(), "second");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().get("error").asString()).isEqualTo("Validation failed: Username has already been taken");
    }

    @Test
    void emailsAreUniqueIgnoringCase() {
        TestApp app = users().app("read write");
        String first = uniqueName("mail");
        api().postForm("/api/v1/accounts", app.token(), Api.form("username", first, "email", first + "@example.com",
                "password", "Correct-Horse-Battery", "agreement", "true"));
        Api.Response second = api().postForm("/api/v1/accounts", app.token(), Api.form("username", uniqueName("mail"),
                "email", first.toUpperCase() + "@EXAMPLE.com", "password", "Correct-Horse-Battery", "agreement", "true"));
        assertThat(second.status()).isEqualTo(422);
        assertThat(second.json().get("error").asString()).contains("Email has already been taken");
    }

    @Test
    void twoConcurrentRegistrationsOfOneUsernameGiveOneAccount() throws Exception {
        TestApp app = users().app("read write");
        String username = uniqueName("race");
        int attempts = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            int attempt = i;
            tasks.add(() -> {
                start.await();
                return register(app, username, "racer" + attempt).status();
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(attempts)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> task : tasks) {
                results.add(pool.submit(task));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            assertThat(statuses).containsOnly(200, 422);
            assertThat(statuses.stream().filter(status -> status == 200).count()).isEqualTo(1);
        }
        assertThat(api().get("/api/v1/accounts/lookup?acct=" + username, null).status()).isEqualTo(200);
    }

    @Test
    void badRegistrationsAreRefusedWithTheReason() {
        TestApp app = users().app("read write");
        assertThat(error(register(app, "admin", "x"))).isEqualTo("Validation failed: Username is reserved");
        assertThat(error(register(app, "has space", "x"))).contains("only letters, numbers and underscores");
        assertThat(error(register(app, "x".repeat(31), "x"))).contains("too long");
        String name = uniqueName("weak");
        assertThat(error(api().postForm("/api/v1/accounts", app.token(), Api.form("username", name,
                "email", name + "@example.com", "password", "password123", "agreement", "true")))).contains("too common");
        assertThat(error(api().postForm("/api/v1/accounts", app.token(), Api.form("username", name,
                "email", "not-an-email", "password", "Correct-Horse-Battery", "agreement", "true")))).contains("Email is invalid");
        assertThat(error(api().postForm("/api/v1/accounts", app.token(), Api.form("username", name,
                "email", name + "@example.com", "password", "Correct-Horse-Battery")))).contains("Agreement");
        assertThat(api().get("/api/v1/accounts/lookup?acct=" + name, null).status()).isEqualTo(404);
    }

    @Test
    void malformedBodiesAre400WithAnErrorMessage() {
        TestApp app = users().app("read write");
        Api.Response malformed = api().postJson("/api/v1/accounts", app.token(), "{\"username\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").asString()).isEqualTo("Malformed JSON in the request body");
        Api.Response notAnObject = api().postJson("/api/v1/accounts", app.token(), "[1,2]");
        assertThat(notAnObject.status()).isEqualTo(400);
        Api.Response wrongType = api().postJson("/api/v1/accounts", app.token(), "{\"username\": {\"a\": 1}}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("error").asString()).isEqualTo("Invalid value for username");
        Api.Response badBoolean = api().postJson("/api/v1/accounts", app.token(), "{\"agreement\": \"maybe\"}");
        assertThat(badBoolean.status()).isEqualTo(400);
        assertThat(badBoolean.body()).doesNotContain("Exception").doesNotContain("at com.");
    }

    @Test
    void onlyAnAppTokenMaySignPeopleUp() {
        var user = users().register();
        String name = uniqueName("nested");
        assertThat(register(null, name, "x").status()).isEqualTo(401);
        Api.Response withUserToken = api().postForm("/api/v1/accounts", user.token(), Api.form("username", name,
                "email", name + "@example.com", "password", "Correct-Horse-Battery", "agreement", "true"));
        assertThat(withUserToken.status()).isEqualTo(403);
        TestApp readOnly = users().app("read");
        assertThat(register(readOnly, name, "x").status()).isEqualTo(403);
    }

    private Api.Response register(TestApp app, String username, String emailPrefix) {
        return api().postForm("/api/v1/accounts", app == null ? null : app.token(), Api.form("username", username,
                "email", emailPrefix + "_" + System.nanoTime() + "@example.com", "password", "Correct-Horse-Battery",
                "agreement", "true"));
    }

    private static String error(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        return response.json().get("error").asString();
    }

    private static String uniqueName(String prefix) {
        return prefix + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }
}
