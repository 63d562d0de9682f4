package com.graminsta.feed;

import static com.graminsta.feed.TimelineSteps.ids;
import static com.graminsta.feed.TimelineSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/timelines/home: one's own posts and those of the accounts one follows. */
class HomeTimelineTests extends IntegrationTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    private static final Pattern PREV = Pattern.compile("<([^>]+)>; rel=\"prev\"");

    private TimelineSteps steps;
    private TestUser alice;
    private TestUser bob;
    private TestUser carol;

    @BeforeEach
    void setUp() {
        steps = new TimelineSteps(api());
        alice = users().register();
        bob = users().register();
        carol = users().register();
    }

    @Test
    void showsOwnAndFollowedPostsNewestFirst() {
        steps.follow(alice, bob);
        String bobs = steps.post(bob);
        String carols = steps.post(carol);
        String alices = steps.post(alice);
        String bobsLater = steps.post(bob, "unlisted", "Later");

        assertThat(steps.home(alice)).containsExactly(bobsLater, alices, bobs).doesNotContain(carols);
        assertThat(steps.home(carol)).containsExactly(carols);
    }

    @Test
    void postsLeaveWhenTheFollowEnds() {
        steps.follow(alice, bob);
        String bobs = steps.post(bob);
        assertThat(steps.home(alice)).containsExactly(bobs);

        steps.unfollow(alice, bob);

        assertThat(steps.home(alice)).isEmpty();
    }

    @Test
    void commentsStayUnderTheirPosts() {
        steps.follow(alice, bob);
        String carols = steps.post(carol);
        String bobs = steps.post(bob);
        steps.comment(bob, carols, "Nice");
        steps.comment(bob, bobs, "My own");
        steps.comment(alice, bobs, "Lovely");

        assertThat(steps.home(alice)).containsExactly(bobs);
    }

    @Test
    void privatePostsReachOnlyApprovedFollowers() {
        steps.lock(bob);
        steps.follow(alice, bob);
        steps.follow(carol, bob);
        steps.authorize(bob, alice);
        String bobsPrivate = steps.post(bob, "private", "Followers only");

        assertThat(steps.home(alice)).containsExactly(bobsPrivate);
        assertThat(steps.home(carol)).as("a request still waiting").isEmpty();
        assertThat(steps.home(bob)).containsExactly(bobsPrivate);

        steps.authorize(bob, carol);

        assertThat(steps.home(carol)).containsExactly(bobsPrivate);
    }

    @Test
    void mutedAccountsAreLeftOut() {
        steps.follow(alice, bob);
        steps.follow(alice, carol);
        String bobs = steps.post(bob);
        String carols = steps.post(carol);

        steps.mute(alice, bob);

        assertThat(steps.home(alice)).containsExactly(carols).doesNotContain(bobs);
    }

    @Test
    void blockedAccountsAreLeftOutEitherWay() {
        steps.follow(alice, bob);
        steps.follow(alice, carol);
        steps.post(bob);
        steps.post(carol);

        steps.block(alice, bob);
        steps.block(carol, alice);

        assertThat(steps.home(alice)).isEmpty();
    }

    @Test
    void pagesWithMaxIdSinceIdAndMinId() {
        List<String> posts = List.of(steps.post(alice), steps.post(alice), steps.post(alice),
                steps.post(alice), steps.post(alice));

        Api.Response first = steps.home(alice, "?limit=2");
        assertThat(ids(first)).containsExactly(posts.get(4), posts.get(3));

        Api.Response second = api().get(link(first, NEXT), alice.token());
        assertThat(ids(second)).containsExactly(posts.get(2), posts.get(1));
        assertThat(ids(api().get(link(second, NEXT), alice.token()))).containsExactly(posts.get(0));
        assertThat(ids(api().get(link(second, PREV), alice.token()))).containsExactly(posts.get(4), posts.get(3));

        assertThat(ids(steps.home(alice, "?max_id=" + posts.get(3)))).containsExactly(posts.get(2), posts.get(1), posts.get(0));
        assertThat(ids(steps.home(alice, "?since_id=" + posts.get(1) + "&limit=2")))
                .as("since_id: the newest above the point").containsExactly(posts.get(4), posts.get(3));
        assertThat(ids(steps.home(alice, "?min_id=" + posts.get(1) + "&limit=2")))
                .as("min_id: the ones just above the point").containsExactly(posts.get(3), posts.get(2));
        assertThat(ids(steps.home(alice, "?min_id=" + posts.get(0) + "&max_id=" + posts.get(3))))
                .containsExactly(posts.get(2), posts.get(1));
    }

    @Test
    void mergesManyFollowedAccountsWithAnyPage() {
        TestUser dave = users().register();
        steps.follow(alice, bob);
        steps.follow(alice, carol);
        steps.follow(alice, dave);
        // Posted unevenly, so the newest page comes mostly from one account.
        String b1 = steps.post(bob);
        String c1 = steps.post(carol);
        String c2 = steps.post(carol);
        String c3 = steps.post(carol);
        String d1 = steps.post(dave);
        String b2 = steps.post(bob);

        assertThat(ids(steps.home(alice, "?limit=3"))).containsExactly(b2, d1, c3);
        assertThat(ids(steps.home(alice, "?limit=3&max_id=" + c3))).containsExactly(c2, c1, b1);
        assertThat(ids(steps.home(alice, "?limit=2&min_id=" + c1))).containsExactly(c3, c2);
    }

    @Test
    void everyPageSizeWalksTheSameTimelineBothWays() {
        TestUser dave = users().register();
        steps.follow(alice, bob);
        steps.follow(alice, carol);
        steps.follow(alice, dave);
        TestUser[] pattern = {bob, bob, carol, alice, bob, dave, dave, dave, carol, bob, alice, dave};
        List<String> newestFirst = new ArrayList<>();
        for (TestUser author : pattern) {
            newestFirst.addFirst(steps.post(author));
        }

        for (int limit : new int[] {1, 2, 3, 5, 12, 40}) {
            List<String> walkedDown = new ArrayList<>();
            Api.Response page = steps.home(alice, "?limit=" + limit);
            while (!ids(page).isEmpty()) {
                walkedDown.addAll(ids(page));
                page = api().get(link(page, NEXT), alice.token());
            }
            assertThat(walkedDown).as("down with limit " + limit).containsExactlyElementsOf(newestFirst);

            List<String> walkedUp = new ArrayList<>();
            page = steps.home(alice, "?limit=" + limit + "&min_id=1");
            while (!ids(page).isEmpty()) {
                walkedUp.addAll(0, ids(page));
                page = api().get(link(page, PREV), alice.token());
            }
            assertThat(walkedUp).as("up with limit " + limit).containsExactlyElementsOf(newestFirst);
        }
    }

    @Test
    void anEmptyPageHasNoLinkHeader() {
        Api.Response empty = steps.home(alice, "");

        assertThat(ids(empty)).isEmpty();
        assertThat(empty.header("Link")).isEmpty();
    }

    @Test
    void limitIsCappedAtForty() {
        for (int i = 0; i < 41; i++) {
            steps.post(alice);
        }

        assertThat(ids(steps.home(alice, ""))).hasSize(20);
        assertThat(ids(steps.home(alice, "?limit=100"))).hasSize(40);
    }

    @Test
    void needsAUserTokenThatMayReadStatuses() {
        assertThat(api().get("/api/v1/timelines/home", null).status()).isEqualTo(401);
        assertThat(api().get("/api/v1/timelines/home", steps.tokenWithScopes(users(), alice, "write")).status())
                .isEqualTo(403);
        assertThat(api().get("/api/v1/timelines/home", steps.tokenWithScopes(users(), alice, "read:accounts")).status())
                .isEqualTo(403);
        assertThat(api().get("/api/v1/timelines/home", steps.tokenWithScopes(users(), alice, "read:statuses")).status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/timelines/home", users().app("read").token()).status()).isEqualTo(422);
    }

    @Test
    void rendersStatusesForTheViewer() {
        steps.follow(alice, bob);
        String bobs = steps.post(bob, "public", "Look #sunset");
        ok(api().post("/api/v1/statuses/" + bobs + "/favourite", alice.token()));

        var status = ok(steps.home(alice, "")).get(0);

        assertThat(status.get("id").asString()).isEqualTo(bobs);
        assertThat(status.get("account").get("id").asString()).isEqualTo(bob.id());
        assertThat(status.get("favourited").asBoolean()).isTrue();
        assertThat(status.get("media_attachments").size()).isEqualTo(1);
    }

    private static String link(Api.Response response, Pattern rel) {
        String header = response.header("Link").orElseThrow();
        Matcher matcher = rel.matcher(header);
        assertThat(matcher.find()).as(header).isTrue();
        return matcher.group(1);
    }
}
