package com.graminsta.posts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.Photos;
import com.graminsta.support.TestUsers.TestUser;
import tools.jackson.databind.JsonNode;

/** Posts, comments and likes as a client makes them, so the tests read as what people do. */
final class PostSteps {

    private final Api api;

    PostSteps(Api api) {
        this.api = api;
    }

    /** An uploaded photo's id, once processed: as in Mastodon, a photo still processing cannot be posted. */
    String photo(TestUser owner) {
        return Photos.processed(api, owner);
    }

    List<String> photos(TestUser owner, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(photo(owner));
        }
        return ids;
    }

    /** POST /api/v1/statuses with a JSON body, as masto.js sends it. */
    Api.Response create(TestUser author, Map<String, ?> body) {
        return api.postJson("/api/v1/statuses", author.token(), body);
    }

    Api.Response createWithKey(TestUser author, String idempotencyKey, Map<String, ?> body) {
        return api.send("POST", "/api/v1/statuses", author.token(), "application/json",
                tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsBytes(body),
                "Idempotency-Key", idempotencyKey);
    }

    /** A post with one new photo. */
    JsonNode post(TestUser author, String visibility, String caption) {
        return ok(create(author, body("status", caption, "visibility", visibility, "media_ids", List.of(photo(author)))));
    }

    String publicPost(TestUser author) {
        return post(author, "public", "A photo").get("id").asString();
    }

    Api.Response comment(TestUser author, String inReplyToId, String text) {
        return create(author, body("status", text, "in_reply_to_id", inReplyToId));
    }

    String commentId(TestUser author, String inReplyToId, String text) {
        return ok(comment(author, inReplyToId, text)).get("id").asString();
    }

    Api.Response get(TestUser viewer, String id) {
        return api.get("/api/v1/statuses/" + id, token(viewer));
    }

    Api.Response delete(TestUser author, String id) {
        return api.delete("/api/v1/statuses/" + id, author.token());
    }

    Api.Response context(TestUser viewer, String id) {
        return api.get("/api/v1/statuses/" + id + "/context", token(viewer));
    }

    Api.Response favourite(TestUser actor, String id) {
        return api.post("/api/v1/statuses/" + id + "/favourite", actor.token());
    }

    Api.Response unfavourite(TestUser actor, String id) {
        return api.post("/api/v1/statuses/" + id + "/unfavourite", actor.token());
    }

    Api.Response favouritedBy(TestUser viewer, String id) {
        return api.get("/api/v1/statuses/" + id + "/favourited_by", token(viewer));
    }

    Api.Response favourites(TestUser viewer) {
        return api.get("/api/v1/favourites", viewer.token());
    }

    Api.Response follow(TestUser actor, TestUser target) {
        return api.post("/api/v1/accounts/" + target.id() + "/follow", actor.token());
    }

    Api.Response block(TestUser actor, TestUser target) {
        return api.post("/api/v1/accounts/" + target.id() + "/block", actor.token());
    }

    Api.Response mute(TestUser actor, TestUser target) {
        return api.post("/api/v1/accounts/" + target.id() + "/mute", actor.token());
    }

    JsonNode account(TestUser user) {
        return ok(api.get("/api/v1/accounts/verify_credentials", user.token()));
    }

    String tokenWithScopes(com.graminsta.support.TestUsers users, TestUser user, String scopes) {
        return users.token(user, scopes);
    }

    static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                body.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return body;
    }

    static JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static void unprocessable(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isNotBlank();
    }

    static List<String> ids(JsonNode statuses) {
        return statuses.valueStream().map(status -> status.get("id").asString()).toList();
    }

    private static String token(TestUser viewer) {
        return viewer == null ? null : viewer.token();
    }
}
