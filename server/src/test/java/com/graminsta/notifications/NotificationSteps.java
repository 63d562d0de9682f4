package com.graminsta.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.Photos;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/**
 * What people do that notifies someone, and reading notifications. Notifications are written
 * after the action commits, on another thread, so reads that expect one wait for it, briefly.
 */
final class NotificationSteps {

    /** Far longer than writing a notification takes; only a failing test waits this long. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private final Api api;

    NotificationSteps(Api api) {
        this.api = api;
    }

    /** A post with one photo; its id. */
    String post(TestUser author, String visibility) {
        Api.Response post = api.postJson("/api/v1/statuses", author.token(), Map.of(
                "status", "A photo", "visibility", visibility, "media_ids", List.of(photo(author))));
        return ok(post).get("id").asString();
    }

    private String photo(TestUser author) {
        return Photos.processed(api, author);
    }

    String post(TestUser author) {
        return post(author, "public");
    }

    /** A comment or, without a parent, a text; its id. */
    String comment(TestUser author, String inReplyToId, String text) {
        return ok(api.postJson("/api/v1/statuses", author.token(), Map.of("status", text, "in_reply_to_id", inReplyToId)))
                .get("id").asString();
    }

    void favourite(TestUser actor, String statusId) {
        ok(api.post("/api/v1/statuses/" + statusId + "/favourite", actor.token()));
    }

    void unfavourite(TestUser actor, String statusId) {
        ok(api.post("/api/v1/statuses/" + statusId + "/unfavourite", actor.token()));
    }

    void deleteStatus(TestUser author, String statusId) {
        ok(api.delete("/api/v1/statuses/" + statusId, author.token()));
    }

    void follow(TestUser actor, TestUser target) {
        ok(api.post("/api/v1/accounts/" + target.id() + "/follow", actor.token()));
    }

    void unfollow(TestUser actor, TestUser target) {
        ok(api.post("/api/v1/accounts/" + target.id() + "/unfollow", actor.token()));
    }

    void lock(TestUser user) {
        ok(api.patchJson("/api/v1/accounts/update_credentials", user.token(), Map.of("locked", true)));
    }

    void authorize(TestUser target, TestUser requester) {
        ok(api.post("/api/v1/follow_requests/" + requester.id() + "/authorize", target.token()));
    }

    void reject(TestUser target, TestUser requester) {
        ok(api.post("/api/v1/follow_requests/" + requester.id() + "/reject", target.token()));
    }

    void block(TestUser actor, TestUser target) {
        ok(api.post("/api/v1/accounts/" + target.id() + "/block", actor.token()));
    }

    void unblock(TestUser actor, TestUser target) {
        ok(api.post("/api/v1/accounts/" + target.id() + "/unblock", actor.token()));
    }

    void mute(TestUser actor, TestUser target, boolean notifications) {
        ok(api.postForm("/api/v1/accounts/" + target.id() + "/mute", actor.token(),
                Api.form("notifications", Boolean.toString(notifications))));
    }

    Api.Response list(TestUser recipient, String query) {
        return api.get("/api/v1/notifications" + query, recipient.token());
    }

    JsonNode notifications(TestUser recipient) {
        return ok(list(recipient, ""));
    }

    /** The recipient's notifications, once there are {@code count} of them. */
    JsonNode awaitNotifications(TestUser recipient, int count) {
        return Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(25))
                .until(() -> notifications(recipient), list -> list.size() >= count);
    }

    /** "type from-username [status id]" for each notification, newest first, as tests compare them. */
    static List<String> summary(JsonNode notifications) {
        return notifications.valueStream()
                .map(n -> n.get("type").asString() + " " + n.get("account").get("username").asString()
                        + (n.has("status") ? " " + n.get("status").get("id").asString() : ""))
                .toList();
    }

    static List<String> ids(JsonNode notifications) {
        return notifications.valueStream().map(n -> n.get("id").asString()).toList();
    }

    String tokenWithScopes(TestUsers users, TestUser user, String scopes) {
        return users.token(user, scopes);
    }

    static JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
