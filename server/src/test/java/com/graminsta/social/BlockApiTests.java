package com.graminsta.social;

import static com.graminsta.social.SocialSteps.ids;
import static com.graminsta.social.SocialSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BlockApiTests extends IntegrationTest {

    private SocialSteps social;

    @BeforeEach
    void setUp() {
        social = new SocialSteps(api(), users());
    }

    @Test
    void blockRemovesFollowsBothWays() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        ok(social.follow(alice, bob));
        ok(social.follow(bob, alice));

        JsonNode relationship = ok(social.block(alice, bob));

        assertThat(relationship.get("blocking").asBoolean()).isTrue();
        assertThat(relationship.get("following").asBoolean()).isFalse();
        assertThat(relationship.get("followed_by").asBoolean()).isFalse();
        JsonNode aliceNow = social.account(alice, alice);
        JsonNode bobNow = social.account(alice, bob);
        assertThat(aliceNow.get("following_count").asInt()).isZero();
        assertThat(aliceNow.get("followers_count").asInt()).isZero();
        assertThat(bobNow.get("following_count").asInt()).isZero();
        assertThat(bobNow.get("followers_count").asInt()).isZero();
    }

    @Test
    void blockRemovesFollowRequestsBothWays() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        social.lock(alice);
        social.lock(bob);
        ok(social.follow(alice, bob));
        ok(social.follow(bob, alice));

        JsonNode relationship = ok(social.block(alice, bob));

        assertThat(relationship.get("requested").asBoolean()).isFalse();
        assertThat(relationship.get("requested_by").asBoolean()).isFalse();
        assertThat(ids(api().get("/api/v1/follow_requests", alice.token()))).isEmpty();
        assertThat(ids(api().get("/api/v1/follow_requests", bob.token()))).isEmpty();
    }

    @Test
    void blockedAccountCannotFollowTheBlocker() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        ok(social.block(alice, bob));

        assertThat(social.follow(bob, alice).status()).isEqualTo(404);
        assertThat(social.account(alice, alice).get("followers_count").asInt()).isZero();
    }

    @Test
    void blockerCannotFollowTheBlockedUntilUnblocking() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        ok(social.block(alice, bob));

        assertThat(social.follow(alice, bob).status()).isEqualTo(422);

        JsonNode unblocked = ok(social.unblock(alice, bob));
        assertThat(unblocked.get("blocking").asBoolean()).isFalse();
        assertThat(ok(social.follow(alice, bob)).get("following").asBoolean()).isTrue();
    }

    @Test
    void blockerIsInvisibleToTheBlocked() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        TestUser carol = users().register();
        ok(social.follow(alice, carol));
        ok(social.follow(carol, alice));
        ok(social.block(alice, bob));

        assertThat(api().get("/api/v1/accounts/" + alice.id(), bob.token()).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/accounts/lookup?acct=" + alice.username(), bob.token()).status())
                .isEqualTo(404);
        assertThat(api().get("/api/v1/accounts/" + alice.id() + "/followers", bob.token()).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/accounts/" + alice.id() + "/following", bob.token()).status()).isEqualTo(404);
        assertThat(ids(api().get("/api/v1/accounts/" + carol.id() + "/followers", bob.token()))).isEmpty();
        assertThat(ids(api().get("/api/v1/accounts/" + carol.id() + "/following", bob.token()))).isEmpty();
        JsonNode seenByBlocked = api().get("/api/v1/accounts/relationships?id%5B%5D=" + alice.id(), bob.token()).json();
        assertThat(seenByBlocked.get(0).get("blocked_by").asBoolean()).isTrue();
        assertThat(seenByBlocked.get(0).get("following").asBoolean()).isFalse();
        assertThat(social.follow(bob, alice).status()).isEqualTo(404);
        // Everyone else, and the blocker, still see both.
        assertThat(social.account(carol, alice).get("id").asString()).isEqualTo(alice.id());
        assertThat(social.account(null, alice).get("id").asString()).isEqualTo(alice.id());
        assertThat(social.account(alice, bob).get("id").asString()).isEqualTo(bob.id());
        assertThat(ids(api().get("/api/v1/accounts/" + carol.id() + "/followers", carol.token())))
                .containsExactly(alice.id());
    }

    @Test
    void unblockingMakesTheBlockerVisibleAgain() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        ok(social.block(alice, bob));

        ok(social.unblock(alice, bob));

        assertThat(social.account(bob, alice).get("id").asString()).isEqualTo(alice.id());
        assertThat(ok(social.follow(bob, alice)).get("following").asBoolean()).isTrue();
    }

    @Test
    void theBlockedMayBlockBackAndMutualBlocksCanEachBeUndone() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        ok(social.block(alice, bob));
        assertThat(ok(social.block(bob, alice)).get("blocking").asBoolean()).isTrue();
        assertThat(api().post("/api/v1/accounts/" + alice.id() + "/mute", bob.token()).status()).isEqualTo(200);

        assertThat(ok(social.unblock(bob, alice)).get("blocking").asBoolean()).isFalse();
        assertThat(ok(social.unblock(alice, bob)).get("blocking").asBoolean()).isFalse();
        assertThat(ok(social.follow(bob, alice)).get("following").asBoolean()).isTrue();
    }

    @Test
    void blockingIsIdempotentAndListed() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        TestUser carol = users().register();

        ok(social.block(alice, bob));
        ok(social.block(alice, bob));
        ok(social.block(alice, carol));

        assertThat(ids(api().get("/api/v1/blocks", alice.token()))).containsExactly(carol.id(), bob.id());
        ok(social.unblock(alice, bob));
        ok(social.unblock(alice, bob));
        assertThat(ids(api().get("/api/v1/blocks", alice.token()))).containsExactly(carol.id());
    }

    @Test
    void blockingOneselfOrNobodyIsRefused() {
        TestUser alice = users().register();

        assertThat(social.block(alice, alice).status()).isEqualTo(422);
        assertThat(api().post("/api/v1/accounts/123456789/block", alice.token()).status()).isEqualTo(404);
        assertThat(api().post("/api/v1/accounts/x1/unblock", alice.token()).status()).isEqualTo(404);
    }
}
