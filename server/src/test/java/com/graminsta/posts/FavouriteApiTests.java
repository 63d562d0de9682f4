package com.graminsta.posts;

import static com.graminsta.posts.PostSteps.ids;
import static com.graminsta.posts.PostSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Likes: favourite, unfavourite, favourited_by and the caller's favourites. */
class FavouriteApiTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

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
    void likingTwiceCountsOnceAndUnlikingTwiceIsHarmless() {
        String post = posts.publicPost(alice);

        JsonNode liked = ok(posts.favourite(bob, post));
        assertThat(liked.get("favourited").asBoolean()).isTrue();
        assertThat(liked.get("favourites_count").asInt()).isEqualTo(1);
        assertThat(ok(posts.favourite(bob, post)).get("favourites_count").asInt()).isEqualTo(1);

        JsonNode unliked = ok(posts.unfavourite(bob, post));
        assertThat(unliked.get("favourited").asBoolean()).isFalse();
        assertThat(unliked.get("favourites_count").asInt()).isZero();
        assertThat(ok(posts.unfavourite(bob, post)).get("favourites_count").asInt()).isZero();
    }

    @Test
    void favouritedIsTheViewersOwn() {
        String post = posts.publicPost(alice);
        ok(posts.favourite(bob, post));

        assertThat(ok(posts.get(bob, post)).get("favourited").asBoolean()).isTrue();
        assertThat(ok(posts.get(alice, post)).get("favourited").asBoolean()).isFalse();
        assertThat(ok(posts.get(null, post)).get("favourited").asBoolean()).isFalse();
    }

    @Test
    void countsStayExactUnderConcurrentLikesAndUnlikes() throws Exception {
        String post = posts.publicPost(alice);
        List<TestUser> people = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            people.add(users().register());
        }

        List<Callable<Integer>> work = new ArrayList<>();
        for (TestUser person : people) {
            // Double taps: each person likes twice at once, then some take it back, twice at once.
            work.add(() -> posts.favourite(person, post).status());
            work.add(() -> posts.favourite(person, post).status());
        }
        assertThat(Concurrently.run(work)).containsOnly(200);
        assertCountMatchesRows(post, 10);

        List<Callable<Integer>> churn = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            TestUser person = people.get(i);
            boolean keeps = i % 2 == 0;
            churn.add(() -> {
                for (int round = 0; round < 3; round++) {
                    posts.unfavourite(person, post);
                    posts.favourite(person, post);
                }
                return keeps ? posts.favourite(person, post).status() : posts.unfavourite(person, post).status();
            });
            churn.add(() -> keeps ? posts.favourite(person, post).status() : posts.unfavourite(person, post).status());
        }
        assertThat(Concurrently.run(churn)).containsOnly(200);
        assertCountMatchesRows(post, 5);
    }

    @Test
    void favouritedByListsLikersNewestFirstAcrossPages() {
        String post = posts.publicPost(alice);
        List<TestUser> likers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestUser liker = users().register();
            ok(posts.favourite(liker, post));
            likers.add(liker);
        }

        Api.Response first = api().get("/api/v1/statuses/" + post + "/favourited_by?limit=3", null);
        assertThat(ids(ok(first))).containsExactly(likers.get(4).id(), likers.get(3).id(), likers.get(2).id());
        String next = nextLink(first);
        Api.Response second = api().get(next, null);
        assertThat(ids(ok(second))).containsExactly(likers.get(1).id(), likers.get(0).id());
    }

    @Test
    void favouritedByLeavesOutAccountsOnEitherSideOfABlock() {
        String post = posts.publicPost(alice);
        TestUser blocker = users().register();
        TestUser blocked = users().register();
        ok(posts.favourite(blocker, post));
        ok(posts.favourite(blocked, post));
        ok(posts.block(blocker, bob));
        ok(posts.block(bob, blocked));

        assertThat(ids(ok(posts.favouritedBy(bob, post)))).isEmpty();
        assertThat(ids(ok(posts.favouritedBy(alice, post)))).containsExactly(blocked.id(), blocker.id());
    }

    @Test
    void favouritesListTheCallersLikesNewestLikeFirstWithPages() {
        String older = posts.publicPost(alice);
        String newer = posts.publicPost(alice);
        String third = posts.publicPost(bob);
        ok(posts.favourite(bob, newer));
        ok(posts.favourite(bob, older));
        ok(posts.favourite(bob, third));

        Api.Response first = api().get("/api/v1/favourites?limit=2", bob.token());
        assertThat(ids(ok(first))).containsExactly(third, older);
        assertThat(ids(ok(api().get(nextLink(first), bob.token())))).containsExactly(newer);
        assertThat(ids(ok(posts.favourites(alice)))).isEmpty();
    }

    @Test
    void favouritesHideWhatTheCallerCanNoLongerSee() {
        ok(posts.follow(bob, alice));
        String privatePost = posts.post(alice, "private", "").get("id").asString();
        String publicPost = posts.publicPost(alice);
        ok(posts.favourite(bob, privatePost));
        ok(posts.favourite(bob, publicPost));

        ok(api().post("/api/v1/accounts/" + alice.id() + "/unfollow", bob.token()));
        assertThat(ids(ok(posts.favourites(bob)))).containsExactly(publicPost);

        ok(posts.block(alice, bob));
        assertThat(ids(ok(posts.favourites(bob)))).isEmpty();
    }

    @Test
    void aCommentCanBeLikedToo() {
        String post = posts.publicPost(alice);
        String comment = posts.commentId(bob, post, "First");

        assertThat(ok(posts.favourite(alice, comment)).get("favourites_count").asInt()).isEqualTo(1);
        assertThat(ok(posts.get(alice, post)).get("favourites_count").asInt()).isZero();
    }

    private void assertCountMatchesRows(String post, long expected) {
        long rows = jdbc.sql("SELECT count(*) FROM favourites WHERE status_id = :id")
                .param("id", Long.parseLong(post)).query(Long.class).single();
        long counter = jdbc.sql("SELECT favourites_count FROM statuses WHERE id = :id")
                .param("id", Long.parseLong(post)).query(Long.class).single();
        assertThat(rows).isEqualTo(expected);
        assertThat(counter).isEqualTo(rows);
    }

    private static String nextLink(Api.Response response) {
        String link = response.header("Link").orElseThrow();
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("<([^>]+)>; rel=\"next\"").matcher(link);
        assertThat(next.find()).as(link).isTrue();
        return next.group(1);
    }
}
