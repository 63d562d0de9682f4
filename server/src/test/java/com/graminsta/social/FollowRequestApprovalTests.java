package com.graminsta.social;

import static com.graminsta.social.SocialSteps.ids;
import static com.graminsta.social.SocialSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Unlocking an account (PATCH update_credentials with locked=false) lets in everyone waiting, as
 * in Mastodon: accounts announces the unlock, {@link FollowRequestApprovals} answers it.
 */
class FollowRequestApprovalTests extends IntegrationTest {

    private final FollowRequestApprovals approvals;
    private final JdbcClient jdbc;
    private SocialSteps social;
    private TestUser bob;
    private TestUser alice;
    private TestUser carol;

    @Autowired
    FollowRequestApprovalTests(FollowRequestApprovals approvals, JdbcClient jdbc) {
        this.approvals = approvals;
        this.jdbc = jdbc;
    }

    @BeforeEach
    void setUp() {
        social = new SocialSteps(api(), users());
        bob = users().register();
        alice = users().register();
        carol = users().register();
        social.lock(bob);
        ok(social.follow(alice, bob));
        ok(social.follow(carol, bob));
    }

    @Test
    void unlockingTurnsEveryPendingRequestIntoAFollow() {
        unlock(bob);

        assertThat(social.relationshipWith(alice, bob).get("following").asBoolean()).isTrue();
        assertThat(social.relationshipWith(alice, bob).get("requested").asBoolean()).isFalse();
        assertThat(social.relationshipWith(carol, bob).get("following").asBoolean()).isTrue();
        assertThat(ids(api().get("/api/v1/follow_requests", bob.token()))).isEmpty();
        assertThat(ids(api().get("/api/v1/accounts/" + bob.id() + "/followers", bob.token())))
                .containsExactlyInAnyOrder(alice.id(), carol.id());
        JsonNode me = ok(api().get("/api/v1/accounts/verify_credentials", bob.token()));
        assertThat(me.get("source").get("follow_requests_count").asInt()).isZero();
    }

    @Test
    void countersMatchTheFollowsAfterUnlocking() {
        TestUser dave = users().register();
        ok(social.follow(bob, dave));
        ok(social.follow(dave, bob));
        ok(social.unfollow(carol, bob));

        unlock(bob);

        assertThat(ids(api().get("/api/v1/follow_requests", bob.token()))).isEmpty();
        assertThat(social.account(bob, bob).get("followers_count").asInt()).isEqualTo(2);
        assertThat(social.account(bob, bob).get("following_count").asInt()).isEqualTo(1);
        assertThat(social.account(alice, alice).get("following_count").asInt()).isEqualTo(1);
        assertThat(social.account(carol, carol).get("following_count").asInt()).isZero();
        assertThat(social.account(dave, dave).get("following_count").asInt()).isEqualTo(1);
        for (TestUser user : List.of(bob, alice, carol, dave)) {
            assertCountersMatchEdges(user);
        }
    }

    @Test
    void theUnlockedAccountHearsOfEachNewFollowerInsteadOfTheirRequests() {
        unlock(bob);

        assertThat(notifications(bob)).containsExactlyInAnyOrder("follow " + alice.id(), "follow " + carol.id());
        assertThat(notifications(alice)).isEmpty();
    }

    @Test
    void approvingAgainChangesNothing() {
        unlock(bob);

        int again = approvals.approveAllFor(Long.parseLong(bob.id()));

        assertThat(again).isZero();
        assertThat(social.account(bob, bob).get("followers_count").asInt()).isEqualTo(2);
        assertThat(notifications(bob)).hasSize(2);
    }

    @Test
    void aRequestWithdrawnOrRejectedBeforeTheUnlockIsNotApproved() {
        TestUser dave = users().register();
        ok(social.follow(dave, bob));
        ok(social.unfollow(alice, bob));
        ok(api().post("/api/v1/follow_requests/" + dave.id() + "/reject", bob.token()));

        unlock(bob);

        assertThat(social.relationshipWith(alice, bob).get("following").asBoolean()).isFalse();
        assertThat(social.relationshipWith(dave, bob).get("following").asBoolean()).isFalse();
        assertThat(ids(api().get("/api/v1/accounts/" + bob.id() + "/followers", bob.token()))).containsExactly(carol.id());
    }

    @Test
    void aRequestAnsweredByHandStaysQuiet() {
        ok(api().post("/api/v1/follow_requests/" + alice.id() + "/authorize", bob.token()));

        assertThat(notifications(bob)).containsExactly("follow_request " + carol.id());
    }

    /** Unlocks through the API: PATCH update_credentials with locked=false. */
    private void unlock(TestUser user) {
        social.unlock(user);
    }

    private List<String> notifications(TestUser recipient) {
        return ok(api().get("/api/v1/notifications", recipient.token())).valueStream()
                .map(n -> n.get("type").asString() + " " + n.get("account").get("id").asString())
                .toList();
    }

    private void assertCountersMatchEdges(TestUser user) {
        long id = Long.parseLong(user.id());
        var counted = jdbc.sql("""
                        SELECT followers_count = (SELECT count(*) FROM follows WHERE target_account_id = a.id)
                           AND following_count = (SELECT count(*) FROM follows WHERE account_id = a.id)
                        FROM accounts a WHERE a.id = :id""")
                .param("id", id)
                .query(Boolean.class)
                .single();
        assertThat(counted).as("counters of " + user.username()).isTrue();
    }
}
