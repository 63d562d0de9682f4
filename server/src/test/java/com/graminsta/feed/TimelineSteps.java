package com.graminsta.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.Photos;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import tools.jackson.databind.JsonNode;

/** Posting, following and reading timelines as a client does, so the tests read as what people do. */
final class TimelineSteps {

    private final Api api;

    TimelineSteps(Api api) {
        this.api = api;
    }

    /** A post with one photo; its id. */
    String post(TestUser author, String visibility, String caption) {
        Api.Response post = api.postJson("/api/v1/statuses", author.token(), Map.of(
                "status", caption, "visibility", visibility, "media_ids", List.of(photo(author))));
        return ok(post).get("id").asString();
    }

    private String photo(TestUser author) {
        return Photos.processed(api, author);
    }

    String post(TestUser author) {
        return post(author, "public", "A photo");
    }

    /** A comment under a status; its id. */
    String comment(TestUser author, String inReplyToId, String text) {
        Api.Response comment = api.postJson("/api/v1/statuses", author.token(),
                Map.of("status", text, "in_reply_to_id", inReplyToId));
        return ok(comment).get("id").asString();
    }

    void follow(TestUser actor, TestUser target) {
        ok(api.post("/api/v1/accounts/" + target.id() + "/follow", actor.token()));
    }

    void unfollow(TestUser actor, TestUser target) {
        ok(api.post("/api/v1/accounts/" + target.id() + "/unfollow", actor.token()));
    }

    void block(TestUser actor, TestUser target) {
        ok(api.post("/api/v1/accounts/" + target.id() + "/block", actor.token()));
    }

    void mute(TestUser actor, TestUser target) {
        ok(api.post("/api/v1/accounts/" + target.id() + "/mute", actor.token()));
    }

    void lock(TestUser user) {
        ok(api.patchJson("/api/v1/accounts/update_credentials", user.token(), Map.of("locked", true)));
    }

    void authorize(TestUser target, TestUser requester) {
        ok(api.post("/api/v1/follow_requests/" + requester.id() + "/authorize", target.token()));
    }

    Api.Response home(TestUser viewer, String query) {
        return api.get("/api/v1/timelines/home" + query, viewer.token());
    }

    List<String> home(TestUser viewer) {
        return ids(home(viewer, ""));
    }

    Api.Response publicTimeline(TestUser viewer, String query) {
        return api.get("/api/v1/timelines/public" + query, token(viewer));
    }

    Api.Response tag(TestUser viewer, String hashtag, String query) {
        return api.get("/api/v1/timelines/tag/" + hashtag + query, token(viewer));
    }

    Api.Response statusesOf(TestUser viewer, TestUser account, String query) {
        return api.get("/api/v1/accounts/" + account.id() + "/statuses" + query, token(viewer));
    }

    String tokenWithScopes(TestUsers users, TestUser user, String scopes) {
        return users.token(user, scopes);
    }

    static JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static List<String> ids(Api.Response response) {
        return ok(response).valueStream().map(status -> status.get("id").asString()).toList();
    }

    private static String token(TestUser viewer) {
        return viewer == null ? null : viewer.token();
    }
}
