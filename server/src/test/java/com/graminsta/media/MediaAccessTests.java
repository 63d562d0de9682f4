package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestImages;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An upload belongs to its uploader alone until it is posted. */
class MediaAccessTests extends IntegrationTest {

    private MediaSteps media;
    private TestUser alice;
    private TestUser bob;

    @BeforeEach
    void setUp() {
        media = new MediaSteps(api());
        alice = users().register();
        bob = users().register();
    }

    private Api.Response put(String id, String token, String json) {
        return api().send("PUT", "/api/v1/media/" + id, token, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyMediaEndpointNeedsAToken() {
        String id = media.accepted(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(40, 30));

        assertThat(media.upload((String) null, "photo.jpg", "image/jpeg", TestImages.jpeg(40, 30)).status()).isEqualTo(401);
        assertThat(api().get("/api/v1/media/" + id, null).status()).isEqualTo(401);
        assertThat(put(id, null, "{\"description\":\"x\"}").status()).isEqualTo(401);
    }

    @Test
    void tokenWithoutWriteMediaIsRefused() {
        String id = media.accepted(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(40, 30));
        String readAndStatuses = tokenWithScopes(alice, "read write:statuses");

        assertThat(media.upload(readAndStatuses, "photo.jpg", "image/jpeg", TestImages.jpeg(40, 30)).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/media/" + id, readAndStatuses).status()).isEqualTo(403);
        assertThat(put(id, readAndStatuses, "{\"description\":\"x\"}").status()).isEqualTo(403);
    }

    @Test
    void writeMediaScopeAloneIsEnough() {
        String mediaOnly = tokenWithScopes(alice, "write:media");

        Api.Response upload = media.upload(mediaOnly, "photo.jpg", "image/jpeg", TestImages.jpeg(40, 30));

        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
        assertThat(api().get("/api/v1/media/" + upload.json().get("id").asString(), mediaOnly).status()).isIn(200, 206);
    }

    @Test
    void someoneElsesMediaLooksExactlyLikeMediaThatDoesNotExist() {
        String id = media.accepted(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(40, 30), "description", "mine");

        Api.Response theirs = api().get("/api/v1/media/" + id, bob.token());
        Api.Response missing = api().get("/api/v1/media/" + (Long.parseLong(id) + 1), bob.token());
        Api.Response edit = put(id, bob.token(), "{\"description\":\"bob was here\"}");

        assertThat(theirs.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(theirs.body()).isEqualTo(missing.body());
        assertThat(edit.status()).isEqualTo(404);
        assertThat(edit.body()).isEqualTo(missing.body());
        assertThat(media.awaitProcessed(alice, id).json().get("description").asString()).isEqualTo("mine");
    }

    @Test
    void idsThatAreNotNumbersAreNotFound() {
        assertThat(api().get("/api/v1/media/not-an-id", alice.token()).status()).isEqualTo(404);
    }

    @Test
    void appTokenWithoutAUserCannotUpload() {
        String appToken = users().app("read write").token();

        Api.Response response = media.upload(appToken, "photo.jpg", "image/jpeg", TestImages.jpeg(40, 30));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("This method requires an authenticated user");
    }

    private String tokenWithScopes(TestUser user, String scopes) {
        var app = users().app("read write follow");
        Api.Response token = api().postForm("/oauth/token", null, Api.form(
                "grant_type", "password", "username", user.email(), "password", user.password(),
                "client_id", app.clientId(), "client_secret", app.clientSecret(), "scope", scopes));
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        return token.json().get("access_token").asString();
    }
}
