package com.graminsta.social;

import static com.graminsta.social.FollowApiTests.link;
import static com.graminsta.social.SocialSteps.ids;
import static com.graminsta.social.SocialSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

class FollowRequestApiTests extends IntegrationTest {

    @Autowired
    ConfigurableApplicationContext context;

    private final List<Object> events = new CopyOnWriteArrayList<>();
    private SocialSteps social;

    @BeforeEach
    void setUp() {
        social = new SocialSteps(api(), users());
        context.addApplicationListener(ApplicationListener.forPayload(events::add));
    }

    @Test
    void followingALockedAccountAsksInstead() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        social.lock(bob);

        JsonNode relationship = ok(social.follow(alice, bob));

        assertThat(relationship.get("following").asBoolean()).isFalse();
        assertThat(relationship.get("requested").asBoolean()).isTrue();
        assertThat(social.relationshipWith(bob, alice).get("requested_by").asBoolean()).isTrue();
        assertThat(social.account(alice, bob).get("followers_count").asInt()).isZero();
        assertThat(ids(api().get("/api/v1/follow_requests", bob.token()))).containsExactly(alice.id());
        assertThat(events).contains(new FollowRequested(Long.parseLong(alice.id()), Long.parseLong(bob.id())));
    }

    @Test
    void pendingRequestsAreCountedForTheirAddressee() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        social.lock(bob);
        ok(social.follow(alice, bob));
        ok(social.follow(alice, bob));

        JsonNode me = ok(api().get("/api/v1/accounts/verify_credentials", bob.token()));

        assertThat(me.get("source").get("follow_requests_count").asInt()).isEqualTo(1);
    }

    @Test
    void authorizingTurnsTheRequestIntoAFollow() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        social.lock(bob);
        ok(social.follow(alice, bob));

        JsonNode relationship = ok(api().post("/api/v1/follow_requests/" + alice.id() + "/authorize", bob.token()));

        assertThat(relationship.get("id").asString()).isEqualTo(alice.id());
        assertThat(relationship.get("followed_by").asBoolean()).isTrue();
        assertThat(relationship.get("requested_by").asBoolean()).isFalse();
        assertThat(social.relationshipWith(alice, bob).get("following").asBoolean()).isTrue();
        assertThat(social.account(alice, bob).get("followers_count").asInt()).isEqualTo(1);
        assertThat(social.account(alice, alice).get("following_count").asInt()).isEqualTo(1);
        assertThat(ids(api().get("/api/v1/follow_requests", bob.token()))).isEmpty();
        assertThat(events).contains(new AccountFollowed(Long.parseLong(alice.id()), Long.parseLong(bob.id()), true));
    }

    @Test
    void rejectingDropsTheRequest() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        social.lock(bob);
        ok(social.follow(alice, bob));

        JsonNode relationship = ok(api().post("/api/v1/follow_requests/" + alice.id() + "/reject", bob.token()));

        assertThat(relationship.get("followed_by").asBoolean()).isFalse();
        assertThat(relationship.get("requested_by").asBoolean()).isFalse();
        assertThat(social.relationshipWith(alice, bob).get("requested").asBoolean()).isFalse();
        assertThat(social.account(alice, bob).get("followers_count").asInt()).isZero();
        assertThat(api().post("/api/v1/follow_requests/" + alice.id() + "/authorize", bob.token()).status())
                .isEqualTo(404);
    }

    @Test
    void unfollowingWithdrawsAPendingRequest() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        social.lock(bob);
        ok(social.follow(alice, bob));

        JsonNode relationship = ok(social.unfollow(alice, bob));

        assertThat(relationship.get("requested").asBoolean()).isFalse();
        assertThat(ids(api().get("/api/v1/follow_requests", bob.token()))).isEmpty();
    }

    @Test
    void followingAfterUnlockingReplacesTheOldRequestWithAFollow() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        social.lock(bob);
        ok(social.follow(alice, bob));
        social.unlock(bob);

        JsonNode relationship = ok(social.follow(alice, bob));

        assertThat(relationship.get("following").asBoolean()).isTrue();
        assertThat(relationship.get("requested").asBoolean()).isFalse();
        assertThat(ids(api().get("/api/v1/follow_requests", bob.token()))).isEmpty();
    }

    @Test
    void aFollowerStaysAFollowerWhenTheAccountLocks() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        ok(social.follow(alice, bob));
        social.lock(bob);

        JsonNode relationship = ok(social.follow(alice, bob));

        assertThat(relationship.get("following").asBoolean()).isTrue();
        assertThat(relationship.get("requested").asBoolean()).isFalse();
    }

    @Test
    void onlyTheAddresseeCanAnswerARequest() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        TestUser mallory = users().register();
        social.lock(bob);
        ok(social.follow(alice, bob));

        assertThat(api().post("/api/v1/follow_requests/" + alice.id() + "/authorize", mallory.token()).status())
                .isEqualTo(404);
        assertThat(api().post("/api/v1/follow_requests/" + alice.id() + "/reject", mallory.token()).status())
                .isEqualTo(404);
        assertThat(ids(api().get("/api/v1/follow_requests", mallory.token()))).isEmpty();
        assertThat(ids(api().get("/api/v1/follow_requests", bob.token()))).containsExactly(alice.id());
    }

    @Test
    void answeringAnUnknownRequestIsNotFound() {
        TestUser bob = users().register();
        TestUser stranger = users().register();

        assertThat(api().post("/api/v1/follow_requests/" + stranger.id() + "/authorize", bob.token()).status())
                .isEqualTo(404);
        assertThat(api().post("/api/v1/follow_requests/123456789/reject", bob.token()).status()).isEqualTo(404);
        assertThat(api().post("/api/v1/follow_requests/nope/authorize", bob.token()).status()).isEqualTo(404);
        assertThat(api().post("/api/v1/follow_requests/" + bob.id() + "/authorize", bob.token()).status())
                .isEqualTo(404);
    }

    @Test
    void followRequestsPageWithLinkHeaders() {
        TestUser bob = users().register();
        social.lock(bob);
        List<TestUser> askers = List.of(users().register(), users().register(), users().register());
        for (TestUser asker : askers) {
            ok(social.follow(asker, bob));
        }

        Api.Response first = api().get("/api/v1/follow_requests?limit=2", bob.token());
        Api.Response second = api().get(link(first, "next"), bob.token());

        assertThat(ids(first)).containsExactly(askers.get(2).id(), askers.get(1).id());
        assertThat(ids(second)).containsExactly(askers.get(0).id());
    }
}
