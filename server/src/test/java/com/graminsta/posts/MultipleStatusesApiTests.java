package com.graminsta.posts;

import static com.graminsta.posts.PostSteps.ids;
import static com.graminsta.posts.PostSteps.ok;
import static com.graminsta.posts.PostSteps.unprocessable;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/statuses?id[]=…: many statuses at once, by the rules of GET /api/v1/statuses/:id. */
class MultipleStatusesApiTests extends IntegrationTest {

    private PostSteps posts;
    private TestUser alice;
    private TestUser bob;

    @BeforeEach
    void setUp() {
        posts = new PostSteps(api());
        alice = users().register();
        bob = users().register();
    }

    @Test
    void statusesComeInTheOrderAskedEachOnce() {
        String first = posts.publicPost(alice);
        String second = posts.publicPost(bob);
        String comment = posts.commentId(bob, first, "Lovely");

        Api.Response response = statuses(alice, comment, first, second, first);

        assertThat(ids(ok(response))).containsExactly(comment, first, second);
        assertThat(ok(response).get(0).get("in_reply_to_id").asString()).isEqualTo(first);
        assertThat(ok(response).get(1).get("account").get("id").asString()).isEqualTo(alice.id());
    }

    @Test
    void statusesTheCallerMayNotSeeAreLeftOut() {
        TestUser carol = users().register();
        String visible = posts.publicPost(bob);
        String followersOnly = posts.post(bob, "private", "Friends only").get("id").asString();
        String deleted = posts.publicPost(bob);
        ok(posts.delete(bob, deleted));
        String byBlocker = posts.publicPost(carol);
        ok(api().post("/api/v1/accounts/" + alice.id() + "/block", carol.token()));

        Api.Response response = statuses(alice, followersOnly, visible, deleted, byBlocker, "123456789", "not-an-id");

        assertThat(ids(ok(response))).containsExactly(visible);
        for (String hidden : List.of(followersOnly, deleted, byBlocker)) {
            assertThat(posts.get(alice, hidden).status()).as(hidden).isEqualTo(404);
        }
    }

    @Test
    void followersSeeFollowersOnlyPostsAndAnonymousReadersOnlyPublicOnes() {
        String visible = posts.publicPost(bob);
        String followersOnly = posts.post(bob, "private", "Friends only").get("id").asString();
        ok(posts.follow(alice, bob));

        assertThat(ids(ok(statuses(alice, followersOnly, visible)))).containsExactly(followersOnly, visible);
        assertThat(ids(ok(statuses(null, followersOnly, visible)))).containsExactly(visible);
        assertThat(ids(ok(statuses(bob, followersOnly)))).containsExactly(followersOnly);
    }

    @Test
    void aSingleIdWithoutBracketsIsAcceptedToo() {
        String post = posts.publicPost(alice);

        assertThat(ids(ok(api().get("/api/v1/statuses?id=" + post, bob.token())))).containsExactly(post);
        assertThat(ok(api().get("/api/v1/statuses", bob.token()))).isEmpty();
    }

    @Test
    void atMostTwentyIdsAreAskedForAtOnce() {
        String post = posts.publicPost(alice);
        String[] twenty = withUnknownIds(post, 19);
        String[] twentyOne = withUnknownIds(post, 20);

        assertThat(ids(ok(statuses(bob, twenty)))).containsExactly(post);
        unprocessable(statuses(bob, twentyOne));
        // Repeats count once.
        assertThat(ids(ok(statuses(bob, post, post, post)))).containsExactly(post);
    }

    @Test
    void aTokenWithoutReadStatusesIsRefused() {
        String post = posts.publicPost(alice);
        String writeOnly = posts.tokenWithScopes(users(), bob, "write");

        assertThat(api().get("/api/v1/statuses?id[]=" + post, writeOnly).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/statuses?id[]=" + post, "not-a-token").status()).isEqualTo(401);
    }

    private Api.Response statuses(TestUser viewer, String... ids) {
        String query = java.util.Arrays.stream(ids).map(id -> "id[]=" + id).collect(Collectors.joining("&"));
        return api().get("/api/v1/statuses?" + query, viewer == null ? null : viewer.token());
    }

    /** The post's id and {@code unknown} more that name no status. */
    private static String[] withUnknownIds(String post, int unknown) {
        return LongStream.rangeClosed(1, unknown)
                .mapToObj(Long::toString)
                .collect(Collectors.collectingAndThen(Collectors.toList(), list -> {
                    list.addFirst(post);
                    return list.toArray(String[]::new);
                }));
    }
}
