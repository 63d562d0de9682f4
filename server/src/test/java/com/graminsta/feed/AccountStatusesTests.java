package com.graminsta.feed;

import static com.graminsta.feed.TimelineSteps.ids;
import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/accounts/:id/statuses: a profile's posts and comments, as the viewer may see them. */
class AccountStatusesTests extends IntegrationTest {

    private TimelineSteps steps;
    private TestUser alice;
    private TestUser bob;

    @BeforeEach
    void setUp() {
        steps = new TimelineSteps(api());
        alice = users().register();
        bob = users().register();
    }

    @Test
    void visibilityDecidesWhatEachViewerSees() {
        TestUser follower = users().register();
        steps.follow(follower, alice);
        String open = steps.post(alice, "public", "Open");
        String unlisted = steps.post(alice, "unlisted", "Quiet");
        String followersOnly = steps.post(alice, "private", "Friends");

        assertThat(ids(steps.statusesOf(alice, alice, ""))).containsExactly(followersOnly, unlisted, open);
        assertThat(ids(steps.statusesOf(follower, alice, ""))).containsExactly(followersOnly, unlisted, open);
        assertThat(ids(steps.statusesOf(bob, alice, ""))).containsExactly(unlisted, open);
        assertThat(ids(steps.statusesOf(null, alice, ""))).containsExactly(unlisted, open);
    }

    @Test
    void excludeRepliesAndOnlyMediaLeaveOutComments() {
        String bobs = steps.post(bob);
        String post = steps.post(alice);
        String comment = steps.comment(alice, bobs, "A comment");

        assertThat(ids(steps.statusesOf(null, alice, ""))).containsExactly(comment, post);
        assertThat(ids(steps.statusesOf(null, alice, "?exclude_replies=true"))).containsExactly(post);
        assertThat(ids(steps.statusesOf(null, alice, "?only_media=1"))).containsExactly(post);
        assertThat(ids(steps.statusesOf(null, alice, "?pinned=true"))).isEmpty();
    }

    @Test
    void mutingDoesNotHideAProfileOneOpens() {
        String post = steps.post(alice);
        steps.mute(bob, alice);

        assertThat(ids(steps.statusesOf(bob, alice, ""))).containsExactly(post);
    }

    @Test
    void anAccountThatBlocksTheViewerIsNotThere() {
        String post = steps.post(alice);
        steps.block(alice, bob);

        assertThat(steps.statusesOf(bob, alice, "").status()).isEqualTo(404);
        assertThat(steps.statusesOf(bob, alice, "?pinned=true").status()).isEqualTo(404);
        assertThat(ids(steps.statusesOf(alice, bob, ""))).isEmpty();
        assertThat(ids(steps.statusesOf(null, alice, ""))).containsExactly(post);
    }

    @Test
    void unknownAccountsAreNotFound() {
        assertThat(api().get("/api/v1/accounts/12345/statuses", null).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/accounts/not-an-id/statuses", null).status()).isEqualTo(404);
    }

    @Test
    void pagesWithLinkHeaders() {
        String first = steps.post(alice);
        String second = steps.post(alice);
        String third = steps.post(alice);

        var page = steps.statusesOf(null, alice, "?limit=2");

        assertThat(ids(page)).containsExactly(third, second);
        assertThat(page.header("Link").orElseThrow()).contains("max_id=" + second).contains("min_id=" + third);
        assertThat(ids(steps.statusesOf(null, alice, "?max_id=" + second))).containsExactly(first);
        assertThat(ids(steps.statusesOf(null, alice, "?since_id=" + first))).containsExactly(third, second);
    }

    @Test
    void aTokenMustAllowReadingStatuses() {
        String writeOnly = steps.tokenWithScopes(users(), bob, "write");

        assertThat(api().get("/api/v1/accounts/" + alice.id() + "/statuses", writeOnly).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/accounts/" + alice.id() + "/statuses", "not-a-token").status()).isEqualTo(401);
    }
}
