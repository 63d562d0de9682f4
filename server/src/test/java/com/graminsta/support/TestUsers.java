package com.graminsta.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

/** Signs people up through the API, the way a client app does. */
public final class TestUsers {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Api api;

    TestUsers(Api api) {
        this.api = api;
    }

    public static TestUsers on(Api api) {
        return new TestUsers(api);
    }

    /** A registered user with a token for all of read, write and follow. */
    public record TestUser(String id, String username, String email, String password, String token) {
    }

    /** An app and its own client_credentials token. */
    public record TestApp(String clientId, String clientSecret, String token) {
    }

    public TestApp app(String scopes) {
        Api.Response app = api.postForm("/api/v1/apps", null, Api.form(
                "client_name", "Tests", "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", scopes));
        assertThat(app.status()).as(app.toString()).isEqualTo(200);
        String clientId = app.json().get("client_id").asString();
        String clientSecret = app.json().get("client_secret").asString();
        Api.Response token = api.postForm("/oauth/token", null, Api.form(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret, "scope", scopes));
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        return new TestApp(clientId, clientSecret, token.json().get("access_token").asString());
    }

    /** A token for the user with only the given scopes, through the password grant. */
    public String token(TestUser user, String scopes) {
        TestApp app = app("read write follow");
        Api.Response token = api.postForm("/oauth/token", null, Api.form(
                "grant_type", "password", "username", user.email(), "password", user.password(),
                "client_id", app.clientId(), "client_secret", app.clientSecret(), "scope", scopes));
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        return token.json().get("access_token").asString();
    }

    public TestUser register() {
        return register("u" + System.nanoTime() % 1_000_000_000L + "_" + COUNTER.incrementAndGet());
    }

    public TestUser register(String username) {
        TestApp app = app("read write follow");
        String email = username + "@example.com";
        String password = "Correct-Horse-" + username;
        Api.Response registered = api.postForm("/api/v1/accounts", app.token(), Api.form(
                "username", username, "email", email, "password", password, "agreement", "true", "locale", "en"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
        String token = registered.json().get("access_token").asString();
        JsonNode me = api.get("/api/v1/accounts/verify_credentials", token).json();
        return new TestUser(me.get("id").asString(), username, email, password, token);
    }
}
