package com.graminsta.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.graminsta.support.Api;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import tools.jackson.databind.JsonNode;

/** The social API as a client calls it, so the tests read as what people do. */
final class SocialSteps {

    private final Api api;
    private final TestUsers users;

    SocialSteps(Api api, TestUsers users) {
        this.api = api;
        this.users = users;
    }

    Api.Response follow(TestUser actor, TestUser target) {
        return api.post("/api/v1/accounts/" + target.id() + "/follow", actor.token());
    }

    Api.Response unfollow(TestUser actor, TestUser target) {
        return api.post("/api/v1/accounts/" + target.id() + "/unfollow", actor.token());
    }

    Api.Response block(TestUser actor, TestUser target) {
        return api.post("/api/v1/accounts/" + target.id() + "/block", actor.token());
    }

    Api.Response unblock(TestUser actor, TestUser target) {
        return api.post("/api/v1/accounts/" + target.id() + "/unblock", actor.token());
    }

    Api.Response relationship(TestUser viewer, TestUser other) {
        return api.get("/api/v1/accounts/relationships?id%5B%5D=" + other.id(), viewer.token());
    }

    /** The viewer's relationship with one other account, which must be visible to the viewer. */
    JsonNode relationshipWith(TestUser viewer, TestUser other) {
        Api.Response response = relationship(viewer, other);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().size()).as(response.toString()).isEqualTo(1);
        return response.json().get(0);
    }

    /** The account as the viewer sees it through GET /api/v1/accounts/:id. */
    JsonNode account(TestUser viewer, TestUser account) {
        Api.Response response = api.get("/api/v1/accounts/" + account.id(), viewer == null ? null : viewer.token());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    void lock(TestUser user) {
        Api.Response response = api.patchJson("/api/v1/accounts/update_credentials", user.token(),
                java.util.Map.of("locked", true));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("locked").asBoolean()).isTrue();
    }

    void unlock(TestUser user) {
        Api.Response response = api.patchJson("/api/v1/accounts/update_credentials", user.token(),
                java.util.Map.of("locked", false));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    String tokenWithScopes(TestUser user, String scopes) {
        return users.token(user, scopes);
    }

    static JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static List<String> ids(Api.Response response) {
        return ok(response).valueStream().map(node -> node.get("id").asString()).toList();
    }
}
