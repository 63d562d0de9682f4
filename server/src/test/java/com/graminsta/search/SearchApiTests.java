package com.graminsta.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestImages;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** GET /api/v2/search and GET /api/v1/tags/:name. */
class SearchApiTests extends IntegrationTest {

    private TestUser alice;
    private TestUser bob;
    /** A prefix no other test uses, so the shared database's other rows stay out of the results. */
    private String unique;

    @BeforeEach
    void setUp() {
        unique = "s" + Long.toString(System.nanoTime(), 36);
        alice = users().register(unique + "_alice");
        bob = users().register(unique + "_bob");
    }

    @Test
    void findsAccountsByUsernamePrefix() {
        JsonNode results = search(bob, unique + "_al", "");

        assertThat(usernames(results.get("accounts"))).containsExactly(alice.username());
        assertThat(results.get("statuses").isEmpty()).isTrue();
        assertThat(results.get("hashtags").isEmpty()).isTrue();
        assertThat(usernames(search(null, "@" + unique, "&type=accounts").get("accounts")))
                .containsExactlyInAnyOrder(alice.username(), bob.username());
    }

    @Test
    void leavesOutAccountsThatBlockTheViewer() {
        ok(api().post("/api/v1/accounts/" + bob.id() + "/block", alice.token()));

        assertThat(usernames(search(bob, unique, "").get("accounts"))).containsExactly(bob.username());
        assertThat(usernames(search(null, unique, "").get("accounts"))).hasSize(2);
    }

    @Test
    void findsHashtagsByPrefixWithOrWithoutTheHash() {
        post(alice, "public", "Sunny #" + unique + "cats and #" + unique + "catsofinstagram");
        post(alice, "public", "Rainy #" + unique + "dogs");

        JsonNode tags = search(bob, "#" + unique + "CAT", "&type=hashtags").get("hashtags");

        assertThat(names(tags)).containsExactly(unique + "cats", unique + "catsofinstagram");
        assertThat(tags.get(0).get("url").asString()).endsWith("/tags/" + unique + "cats");
        assertThat(tags.get(0).get("history").isArray()).isTrue();
        assertThat(names(search(null, unique + "dog", "").get("hashtags"))).containsExactly(unique + "dogs");
    }

    @Test
    void aHashtagUsedOnlyWherePeopleCannotLookIsNotFound() {
        post(alice, "private", "Secret #" + unique + "party");

        assertThat(names(search(bob, "#" + unique + "party", "").get("hashtags"))).isEmpty();
        assertThat(names(search(alice, "#" + unique + "party", "").get("hashtags"))).containsExactly(unique + "party");
        assertThat(api().get("/api/v1/tags/" + unique + "party", bob.token()).status()).isEqualTo(404);
        assertThat(ok(api().get("/api/v1/tags/" + unique + "party", alice.token())).get("name").asString())
                .isEqualTo(unique + "party");
    }

    @Test
    void findsPostsByTheirHashtagAsTheViewerMaySeeThem() {
        TestUser follower = users().register();
        ok(api().post("/api/v1/accounts/" + alice.id() + "/follow", follower.token()));
        String open = post(alice, "public", "#" + unique + "sea");
        String quiet = post(alice, "unlisted", "#" + unique + "sea");
        String friends = post(alice, "private", "#" + unique + "sea");
        post(alice, "public", "#" + unique + "seaside");

        assertThat(ids(search(bob, "#" + unique + "sea", "&type=statuses").get("statuses"))).containsExactly(quiet, open);
        assertThat(ids(search(follower, unique + "SEA", "").get("statuses"))).containsExactly(friends, quiet, open);
        assertThat(ids(search(null, unique + "sea", "&limit=1&offset=1").get("statuses"))).containsExactly(open);
    }

    @Test
    void typeNarrowsTheSearch() {
        post(alice, "public", "#" + unique);

        JsonNode accountsOnly = search(bob, unique, "&type=accounts");
        JsonNode statusesOnly = search(bob, unique, "&type=statuses");
        JsonNode nothing = search(bob, unique, "&type=reblogs");

        assertThat(accountsOnly.get("accounts").size()).isEqualTo(2);
        assertThat(accountsOnly.get("hashtags").isEmpty()).isTrue();
        assertThat(statusesOnly.get("accounts").isEmpty()).isTrue();
        assertThat(statusesOnly.get("statuses").size()).isEqualTo(1);
        assertThat(nothing.get("accounts").isEmpty() && nothing.get("statuses").isEmpty()
                && nothing.get("hashtags").isEmpty()).isTrue();
    }

    @Test
    void badQueries() {
        assertThat(api().get("/api/v2/search", alice.token()).status()).isEqualTo(400);
        assertThat(search(alice, "", "").get("accounts").isEmpty()).isTrue();
        assertThat(api().get("/api/v2/search?q=" + "x".repeat(101), alice.token()).status()).isEqualTo(422);
        assertThat(search(alice, unique + "_alice@elsewhere.example", "").get("accounts").isEmpty()).isTrue();
    }

    @Test
    void anyoneMaySearchButATokenMustAllowIt() {
        String writeOnly = tokenWithScopes(alice, "write");
        String searchOnly = tokenWithScopes(alice, "read:search");

        assertThat(api().get("/api/v2/search?q=" + unique, writeOnly).status()).isEqualTo(403);
        assertThat(api().get("/api/v2/search?q=" + unique, searchOnly).status()).isEqualTo(200);
        assertThat(api().get("/api/v2/search?q=" + unique, "not-a-token").status()).isEqualTo(401);
    }

    private JsonNode search(TestUser viewer, String query, String more) {
        return ok(api().get("/api/v2/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + more,
                viewer == null ? null : viewer.token()));
    }

    private String post(TestUser author, String visibility, String caption) {
        Api.Response upload = api().multipart("POST", "/api/v2/media", author.token(),
                Map.of("file", new Api.FilePart("photo.jpg", "image/jpeg", TestImages.jpeg(48, 32))));
        assertThat(upload.status()).as(upload.toString()).isIn(200, 202);
        String photo = upload.json().get("id").asString();
        // A post takes only finished photos.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> api().get("/api/v1/media/" + photo, author.token()).status() == 200);
        return ok(api().postJson("/api/v1/statuses", author.token(), Map.of(
                "status", caption, "visibility", visibility, "media_ids", List.of(photo))))
                .get("id").asString();
    }

    private String tokenWithScopes(TestUser user, String scopes) {
        TestUsers.TestApp app = users().app("read write follow");
        Api.Response token = api().postForm("/oauth/token", null, Api.form(
                "grant_type", "password", "username", user.email(), "password", user.password(),
                "client_id", app.clientId(), "client_secret", app.clientSecret(), "scope", scopes));
        return ok(token).get("access_token").asString();
    }

    private static JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<String> usernames(JsonNode accounts) {
        return accounts.valueStream().map(account -> account.get("username").asString()).toList();
    }

    private static List<String> names(JsonNode tags) {
        return tags.valueStream().map(tag -> tag.get("name").asString()).toList();
    }

    private static List<String> ids(JsonNode statuses) {
        return statuses.valueStream().map(status -> status.get("id").asString()).toList();
    }
}
