package com.graminsta.feed;

import static com.graminsta.feed.TimelineSteps.ids;
import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/timelines/public and /api/v1/timelines/tag/:hashtag: what anyone may browse. */
class PublicTimelineTests extends IntegrationTest {

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
    void publicTimelineHasPublicPostsOnly() {
        String open = steps.post(alice, "public", "For everyone");
        String unlisted = steps.post(alice, "unlisted", "Quiet");
        String followersOnly = steps.post(alice, "private", "Friends");
        String comment = steps.comment(bob, open, "A comment");

        // The database is shared with other tests, so look at this test's posts only.
        assertThat(ids(steps.publicTimeline(null, "?limit=40")))
                .contains(open)
                .doesNotContain(unlisted, followersOnly, comment);
    }

    @Test
    void publicTimelineLeavesOutMutedAndBlockedAccountsForTheViewer() {
        TestUser carol = users().register();
        TestUser viewer = users().register();
        String alices = steps.post(alice);
        String bobs = steps.post(bob);
        String carols = steps.post(carol);

        steps.mute(viewer, alice);
        steps.block(viewer, bob);
        steps.block(carol, viewer);

        assertThat(ids(steps.publicTimeline(viewer, "?limit=40"))).doesNotContain(alices, bobs, carols);
        assertThat(ids(steps.publicTimeline(null, "?limit=40"))).contains(alices, bobs, carols);
    }

    @Test
    void publicTimelinePagesByStatusId() {
        String first = steps.post(alice);
        String second = steps.post(alice);
        String third = steps.post(alice);

        assertThat(ids(steps.publicTimeline(null, "?limit=2&max_id=" + third))).containsExactly(second, first);
        assertThat(ids(steps.publicTimeline(null, "?min_id=" + first))).containsExactly(third, second);
        assertThat(steps.publicTimeline(null, "?min_id=" + first).header("Link").orElseThrow())
                .contains("max_id=" + second).contains("min_id=" + third);
    }

    @Test
    void onlyMediaAndLocalChangeNothingSincePostsHavePhotosAndAreLocal() {
        String before = steps.post(alice);
        String post = steps.post(alice);

        assertThat(ids(steps.publicTimeline(null, "?only_media=true&local=true&min_id=" + before))).containsExactly(post);
    }

    @Test
    void thereIsNoRemoteTimeline() {
        steps.post(alice);

        assertThat(ids(steps.publicTimeline(null, "?remote=true"))).isEmpty();
    }

    @Test
    void tagTimelineFindsPublicPostsWithTheTagInAnyCase() {
        String tag = "sunset" + System.nanoTime();
        String tagged = steps.post(alice, "public", "Evening #" + tag);
        String shouted = steps.post(bob, "public", "EVENING #" + tag.toUpperCase());
        steps.post(alice, "public", "Another #other" + tag);
        String unlisted = steps.post(alice, "unlisted", "Quiet #" + tag);
        String followersOnly = steps.post(alice, "private", "Friends #" + tag);

        assertThat(ids(steps.tag(null, tag, ""))).containsExactly(shouted, tagged).doesNotContain(unlisted, followersOnly);
        assertThat(ids(steps.tag(alice, tag.toUpperCase(), ""))).containsExactly(shouted, tagged);
        assertThat(ids(steps.tag(null, tag, "?limit=1&max_id=" + shouted))).containsExactly(tagged);
        assertThat(ids(steps.tag(null, "nosuchtag" + tag, ""))).isEmpty();
    }

    @Test
    void tagTimelineLeavesOutCommentsAndMutedAccounts() {
        String tag = "garden" + System.nanoTime();
        TestUser viewer = users().register();
        String alices = steps.post(alice, "public", "#" + tag);
        String bobs = steps.post(bob, "public", "#" + tag);
        steps.comment(alice, bobs, "So #" + tag);

        steps.mute(viewer, bob);

        assertThat(ids(steps.tag(viewer, tag, ""))).containsExactly(alices);
    }

    @Test
    void anyoneMayReadButATokenMustAllowIt() {
        String writeOnly = steps.tokenWithScopes(users(), alice, "write");

        assertThat(steps.publicTimeline(null, "").status()).isEqualTo(200);
        assertThat(api().get("/api/v1/timelines/public", writeOnly).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/timelines/tag/cats", writeOnly).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/timelines/public", "not-a-token").status()).isEqualTo(401);
        Api.Response app = api().get("/api/v1/timelines/public", users().app("read").token());
        assertThat(app.status()).as(app.toString()).isEqualTo(200);
    }
}
