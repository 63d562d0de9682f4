package com.graminsta.posts;

import static com.graminsta.posts.PostSteps.ids;
import static com.graminsta.posts.PostSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** GET /api/v1/statuses/:id/context: the conversation around a status, as the viewer may see it. */
class ContextApiTests extends IntegrationTest {

    private PostSteps posts;
    private TestUser alice;
    private TestUser bob;
    private TestUser carol;

    @BeforeEach
    void setUp() {
        posts = new PostSteps(api());
        alice = users().register();
        bob = users().register();
        carol = users().register();
    }

    @Test
    void descendantsReadAsAConversationOldestFirst() {
        String post = posts.publicPost(alice);
        String first = posts.commentId(bob, post, "first");
        String second = posts.commentId(carol, post, "second");
        String replyToFirst = posts.commentId(alice, first, "reply to first");
        String replyToReply = posts.commentId(bob, replyToFirst, "reply to reply");

        JsonNode context = ok(posts.context(null, post));

        assertThat(ids(context.get("ancestors"))).isEmpty();
        assertThat(ids(context.get("descendants"))).containsExactly(first, replyToFirst, replyToReply, second);
    }

    @Test
    void ancestorsRunFromThePostDown() {
        String post = posts.publicPost(alice);
        String first = posts.commentId(bob, post, "first");
        String reply = posts.commentId(alice, first, "reply");
        String deeper = posts.commentId(carol, reply, "deeper");
        posts.commentId(bob, post, "sibling");

        JsonNode context = ok(posts.context(bob, reply));

        assertThat(ids(context.get("ancestors"))).containsExactly(post, first);
        assertThat(ids(context.get("descendants"))).containsExactly(deeper);
    }

    @Test
    void blockedAndMutedAccountsAreLeftOutOfTheThread() {
        String post = posts.publicPost(alice);
        String bobs = posts.commentId(bob, post, "from bob");
        String carols = posts.commentId(carol, post, "from carol");
        String reply = posts.commentId(alice, bobs, "to bob");
        TestUser viewer = users().register();

        ok(posts.mute(viewer, carol));
        ok(posts.block(bob, viewer));

        assertThat(ids(ok(posts.context(viewer, post)).get("descendants"))).containsExactly(reply);
        assertThat(ids(ok(posts.context(null, post)).get("descendants"))).containsExactly(bobs, reply, carols);
        // A muted account's comment is still there when asked for by id.
        assertThat(ok(posts.get(viewer, carols)).get("id").asString()).isEqualTo(carols);
        assertThat(ids(ok(posts.context(viewer, reply)).get("ancestors"))).containsExactly(post);
    }

    @Test
    void commentsUnderAPrivatePostAreForItsAudience() {
        ok(posts.follow(bob, alice));
        String post = posts.post(alice, "private", "").get("id").asString();
        String comment = posts.commentId(bob, post, "Only followers see this");

        assertThat(ids(ok(posts.context(alice, post)).get("descendants"))).containsExactly(comment);
        assertThat(posts.context(carol, post).status()).isEqualTo(404);
        assertThat(posts.context(carol, comment).status()).isEqualTo(404);
        assertThat(posts.context(null, comment).status()).isEqualTo(404);
    }
}
