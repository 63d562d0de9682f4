package com.graminsta.social;

import static com.graminsta.social.SocialSteps.ids;
import static com.graminsta.social.SocialSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MuteApiTests extends IntegrationTest {

    private SocialSteps social;

    @BeforeEach
    void setUp() {
        social = new SocialSteps(api(), users());
    }

    @Test
    void mutingHidesNotificationsByDefault() {
        TestUser alice = users().register();
        TestUser bob = users().register();

        JsonNode relationship = ok(api().post("/api/v1/accounts/" + bob.id() + "/mute", alice.token()));

        assertThat(relationship.get("muting").asBoolean()).isTrue();
        assertThat(relationship.get("muting_notifications").asBoolean()).isTrue();
        assertThat(ids(api().get("/api/v1/mutes", alice.token()))).containsExactly(bob.id());
    }

    @Test
    void mutingCanKeepNotificationsAndMutingAgainChangesThat() {
        TestUser alice = users().register();
        TestUser bob = users().register();

        JsonNode keep = ok(api().postForm("/api/v1/accounts/" + bob.id() + "/mute", alice.token(),
                Api.form("notifications", "false", "duration", "3600")));
        JsonNode hide = ok(api().postJson("/api/v1/accounts/" + bob.id() + "/mute", alice.token(),
                Map.of("notifications", true)));

        assertThat(keep.get("muting").asBoolean()).isTrue();
        assertThat(keep.get("muting_notifications").asBoolean()).isFalse();
        assertThat(hide.get("muting_notifications").asBoolean()).isTrue();
        assertThat(ids(api().get("/api/v1/mutes", alice.token()))).containsExactly(bob.id());
    }

    @Test
    void unmutingEndsTheMute() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        ok(api().post("/api/v1/accounts/" + bob.id() + "/mute", alice.token()));

        JsonNode relationship = ok(api().post("/api/v1/accounts/" + bob.id() + "/unmute", alice.token()));

        assertThat(relationship.get("muting").asBoolean()).isFalse();
        assertThat(relationship.get("muting_notifications").asBoolean()).isFalse();
        assertThat(ids(api().get("/api/v1/mutes", alice.token()))).isEmpty();
    }

    @Test
    void mutingLeavesFollowsAlone() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        ok(social.follow(alice, bob));

        JsonNode relationship = ok(api().post("/api/v1/accounts/" + bob.id() + "/mute", alice.token()));

        assertThat(relationship.get("following").asBoolean()).isTrue();
        assertThat(social.relationshipWith(bob, alice).get("muting").asBoolean()).isFalse();
    }

    @Test
    void mutingOneselfOrNobodyIsRefused() {
        TestUser alice = users().register();

        assertThat(api().post("/api/v1/accounts/" + alice.id() + "/mute", alice.token()).status()).isEqualTo(422);
        assertThat(api().post("/api/v1/accounts/123456789/mute", alice.token()).status()).isEqualTo(404);
        assertThat(api().post("/api/v1/accounts/abc/unmute", alice.token()).status()).isEqualTo(404);
    }

    @Test
    void anUnreadableNotificationsFlagIsABadRequest() {
        TestUser alice = users().register();
        TestUser bob = users().register();

        Api.Response response = api().postForm("/api/v1/accounts/" + bob.id() + "/mute", alice.token(),
                Api.form("notifications", "maybe"));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(ids(api().get("/api/v1/mutes", alice.token()))).isEmpty();
    }
}
