package com.graminsta.posts;

import static com.graminsta.posts.PostSteps.ids;
import static com.graminsta.posts.PostSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Bookmarks: bookmark, unbookmark and the caller's list, as Mastodon has them. */
class BookmarkApiTests extends IntegrationTest {

    private PostSteps posts;
    private TestUser alice;
    private TestUser bob;

    @BeforeEach
    void setUp() {
        posts = new PostSteps(api());
        alice = users().register();
        bob = users().register();
    }

    private Api.Response bookmark(TestUser actor, String id) {
        return api().post("/api/v1/statuses/" + id + "/bookmark", actor.token());
    }

    private Api.Response unbookmark(TestUser actor, String id) {
        return api().post("/api/v1/statuses/" + id + "/unbookmark", actor.token());
    }

    private Api.Response bookmarks(TestUser viewer, String query) {
        return api().get("/api/v1/bookmarks" + query, viewer.token());
    }

    @Test
    void bookmarkingTwiceAndUnbookmarkingTwiceAreHarmless() {
        String post = posts.publicPost(alice);

        JsonNode marked = ok(bookmark(bob, post));
        assertThat(marked.get("bookmarked").asBoolean()).isTrue();
        assertThat(ok(bookmark(bob, post)).get("bookmarked").asBoolean()).isTrue();
        assertThat(ids(ok(bookmarks(bob, "")))).containsExactly(post);

        assertThat(ok(unbookmark(bob, post)).get("bookmarked").asBoolean()).isFalse();
        assertThat(ok(unbookmark(bob, post)).get("bookmarked").asBoolean()).isFalse();
        assertThat(ids(ok(bookmarks(bob, "")))).isEmpty();
    }

    @Test
    void bookmarksArePrivateToTheirOwner() {
        String post = posts.publicPost(alice);
        ok(bookmark(bob, post));

        assertThat(ok(posts.get(bob, post)).get("bookmarked").asBoolean()).isTrue();
        assertThat(ok(posts.get(alice, post)).get("bookmarked").asBoolean()).isFalse();
        assertThat(ok(posts.get(null, post)).get("bookmarked").asBoolean()).isFalse();
        assertThat(ids(ok(bookmarks(alice, "")))).isEmpty();
        // Nothing counts bookmarks, and nobody is told.
        assertThat(ok(posts.get(alice, post)).get("favourites_count").asInt()).isZero();
        assertThat(api().get("/api/v1/notifications", alice.token()).json().size()).isZero();
    }

    @Test
    void theListIsNewestBookmarkFirstWithLinkPages() {
        String older = posts.publicPost(alice);
        String newer = posts.publicPost(alice);
        String third = posts.publicPost(bob);
        ok(bookmark(bob, newer));
        ok(bookmark(bob, older));
        ok(bookmark(bob, third));

        Api.Response first = bookmarks(bob, "?limit=2");
        assertThat(ids(ok(first))).containsExactly(third, older);
        String link = first.header("Link").orElseThrow();
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("<([^>]+)>; rel=\"next\"").matcher(link);
        assertThat(next.find()).as(link).isTrue();
        assertThat(next.group(1)).contains("/api/v1/bookmarks?").contains("max_id=");
        assertThat(ids(ok(api().get(next.group(1), bob.token())))).containsExactly(newer);
    }

    @Test
    void aStatusOneMayNotSeeCannotBeBookmarkedAndLeavesTheList() {
        String privatePost = posts.post(alice, "private", "").get("id").asString();
        assertThat(bookmark(bob, privatePost).status()).isEqualTo(404);
        assertThat(bookmark(bob, "123456789").status()).isEqualTo(404);
        assertThat(bookmark(bob, "not-an-id").status()).isEqualTo(404);

        String publicPost = posts.publicPost(alice);
        ok(bookmark(bob, publicPost));
        ok(posts.block(alice, bob));
        assertThat(ids(ok(bookmarks(bob, "")))).isEmpty();
    }

    @Test
    void aDeletedStatusLeavesTheList() {
        String post = posts.publicPost(alice);
        ok(bookmark(bob, post));

        ok(posts.delete(alice, post));

        assertThat(ids(ok(bookmarks(bob, "")))).isEmpty();
    }

    @Test
    void limitsAreMastodons() {
        assertThat(BookmarkController.DEFAULT_LIMIT).isEqualTo(20);
        assertThat(BookmarkController.MAX_LIMIT).isEqualTo(40);
        assertThat(bookmarks(bob, "?limit=abc").status()).isEqualTo(400);
    }
}
