package com.graminsta.social;

import static com.graminsta.social.SocialSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may call what: no token, a token short of the scope, an app's own token. */
class SocialAccessTests extends IntegrationTest {

    private SocialSteps social;
    private TestUser alice;
    private TestUser bob;

    @BeforeEach
    void setUp() {
        social = new SocialSteps(api(), users());
        alice = users().register();
        bob = users().register();
    }

    private record Call(String method, String path) {

        Api.Response send(Api api, String token) {
            return method.equals("GET") ? api.get(path, token) : api.post(path, token);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private List<Call> userCalls() {
        String target = "/api/v1/accounts/" + bob.id();
        return List.of(
                new Call("POST", target + "/follow"),
                new Call("POST", target + "/unfollow"),
                new Call("POST", target + "/block"),
                new Call("POST", target + "/unblock"),
                new Call("POST", target + "/mute"),
                new Call("POST", target + "/unmute"),
                new Call("GET", "/api/v1/accounts/relationships?id%5B%5D=" + bob.id()),
                new Call("GET", "/api/v1/follow_requests"),
                new Call("POST", "/api/v1/follow_requests/" + bob.id() + "/authorize"),
                new Call("POST", "/api/v1/follow_requests/" + bob.id() + "/reject"),
                new Call("GET", "/api/v1/blocks"),
                new Call("GET", "/api/v1/mutes"));
    }

    @Test
    void userEndpointsNeedAToken() {
        for (Call call : userCalls()) {
            Api.Response response = call.send(api(), null);
            assertThat(response.status()).as(call + " -> " + response).isEqualTo(401);
            assertThat(response.json().get("error").asString()).as(call.toString()).isNotBlank();
        }
    }

    @Test
    void followListsNeedNoToken() {
        ok(social.follow(alice, bob));

        assertThat(SocialSteps.ids(api().get("/api/v1/accounts/" + bob.id() + "/followers", null)))
                .containsExactly(alice.id());
        assertThat(SocialSteps.ids(api().get("/api/v1/accounts/" + alice.id() + "/following", null)))
                .containsExactly(bob.id());
    }

    @Test
    void readOnlyTokenCannotChangeTheGraph() {
        String readOnly = social.tokenWithScopes(alice, "read");

        for (Call call : userCalls()) {
            Api.Response response = call.send(api(), readOnly);
            int expected = call.method().equals("GET") ? 200 : 403;
            assertThat(response.status()).as(call + " -> " + response).isEqualTo(expected);
        }
        assertThat(social.relationshipWith(alice, bob).get("following").asBoolean()).isFalse();
    }

    @Test
    void writeOnlyTokenCannotReadTheGraph() {
        String writeOnly = social.tokenWithScopes(alice, "write");

        for (Call call : userCalls()) {
            Api.Response response = call.send(api(), writeOnly);
            if (call.method().equals("GET")) {
                assertThat(response.status()).as(call + " -> " + response).isEqualTo(403);
            } else {
                assertThat(response.status()).as(call + " -> " + response).isNotIn(401, 403);
            }
        }
    }

    @Test
    void narrowScopesAllowOnlyTheirOwnActions() {
        String followsOnly = social.tokenWithScopes(alice, "write:follows");

        assertThat(api().post("/api/v1/accounts/" + bob.id() + "/follow", followsOnly).status()).isEqualTo(200);
        assertThat(api().post("/api/v1/accounts/" + bob.id() + "/block", followsOnly).status()).isEqualTo(403);
        assertThat(api().post("/api/v1/accounts/" + bob.id() + "/mute", followsOnly).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/accounts/relationships?id%5B%5D=" + bob.id(), followsOnly).status())
                .isEqualTo(403);
    }

    @Test
    void followScopeCoversTheGraphButNotAccountLists() {
        String follow = social.tokenWithScopes(alice, "follow");

        assertThat(api().post("/api/v1/accounts/" + bob.id() + "/follow", follow).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/blocks", follow).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/accounts/" + bob.id() + "/followers", follow).status()).isEqualTo(403);
    }

    @Test
    void appTokenActsForNoUser() {
        String appToken = users().app("read write follow").token();

        assertThat(api().post("/api/v1/accounts/" + bob.id() + "/follow", appToken).status()).isEqualTo(422);
        assertThat(api().get("/api/v1/blocks", appToken).status()).isEqualTo(422);
        assertThat(SocialSteps.ids(api().get("/api/v1/accounts/" + bob.id() + "/followers", appToken))).isEmpty();
    }

    @Test
    void anInvalidTokenIsUnauthorizedEvenWherePublic() {
        assertThat(api().get("/api/v1/accounts/" + bob.id() + "/followers", "not-a-token").status()).isEqualTo(401);
        assertThat(api().post("/api/v1/accounts/" + bob.id() + "/follow", "not-a-token").status()).isEqualTo(401);
    }
}
