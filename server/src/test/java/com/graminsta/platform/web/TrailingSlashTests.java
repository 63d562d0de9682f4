package com.graminsta.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;

/**
 * Mastodon answers every route with or without a trailing slash, and clients rely on it (one
 * reads the server's version from {@code /api/v1/instance/}). Security with a slash is checked
 * for every protected endpoint by AccessControlTests; these check that the answer is the same.
 */
class TrailingSlashTests extends IntegrationTest {

    @Test
    void theInstanceAnswersTheSameWithATrailingSlash() {
        Api.Response plain = api().get("/api/v1/instance", null);
        Api.Response slashed = api().get("/api/v1/instance/", null);
        assertThat(slashed.status()).isEqualTo(200);
        assertThat(slashed.json().get("version").asString()).isEqualTo(plain.json().get("version").asString());
        assertThat(slashed.json().get("uri").asString()).isEqualTo(plain.json().get("uri").asString());
        assertThat(api().get("/api/v2/instance/", null).status()).isEqualTo(200);
    }

    @Test
    void aTokenAndQueryParametersWorkThroughTheSlash() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        Api.Response me = api().get("/api/v1/accounts/verify_credentials/", alice.token());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asString()).isEqualTo(alice.id());

        Api.Response relationships = api().get("/api/v1/accounts/relationships/?id[]=" + bob.id(), alice.token());
        assertThat(relationships.status()).isEqualTo(200);
        assertThat(relationships.json().get(0).get("id").asString()).isEqualTo(bob.id());
    }

    @Test
    void postsWithATrailingSlashActAsWithout() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        TestUser carol = users().register();
        Api.Response follow = api().post("/api/v1/accounts/" + bob.id() + "/follow/", alice.token());
        assertThat(follow.status()).isEqualTo(200);
        assertThat(follow.json().get("following").asBoolean()).isTrue();
        api().post("/api/v1/accounts/" + bob.id() + "/follow", carol.token());

        Api.Response followers = api().get("/api/v1/accounts/" + bob.id() + "/followers/?limit=1", alice.token());
        assertThat(followers.status()).isEqualTo(200);
        assertThat(followers.json().size()).isEqualTo(1);
        String next = followers.header("Link").orElseThrow();
        assertThat(next).contains("/api/v1/accounts/" + bob.id() + "/followers?").contains("rel=\"next\"");
    }

    @Test
    void theSignInFormsCsrfRuleHoldsWithATrailingSlash() {
        TestUser user = users().register();
        Api.Response app = api().postForm("/api/v1/apps/", null, Api.form(
                "client_name", "Slash", "redirect_uris", "https://app.example/callback", "scopes", "read"));
        assertThat(app.status()).isEqualTo(200);
        Api.Response response = api().postForm("/oauth/authorize/", null, Api.form(
                "response_type", "code", "client_id", app.json().get("client_id").asString(),
                "redirect_uri", "https://app.example/callback",
                "login", user.username(), "password", user.password(), "decision", "allow"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Location")).isEmpty();
    }

    @Test
    void unknownPathsStayUnknownAndTheRootStaysTheRoot() {
        Api.Response missing = api().get("/api/v1/nothing_here/", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asString()).isNotBlank();
        assertThat(api().get("/", null).status()).isEqualTo(200);
    }
}
