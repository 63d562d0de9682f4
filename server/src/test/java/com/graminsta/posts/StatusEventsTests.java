package com.graminsta.posts;

import static com.graminsta.posts.PostSteps.body;
import static com.graminsta.posts.PostSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The events other modules build on (notifications, timelines, streaming): published inside the
 * writing transaction, so listeners hear of committed changes only, and once per change.
 */
@Import(StatusEventsTests.Recorder.class)
class StatusEventsTests extends IntegrationTest {

    @TestConfiguration
    static class Recorder {

        final List<Object> events = new CopyOnWriteArrayList<>();

        @TransactionalEventListener
        void published(StatusPublished event) {
            events.add(event);
        }

        @TransactionalEventListener
        void favourited(StatusFavourited event) {
            events.add(event);
        }

        @TransactionalEventListener
        void deleted(StatusDeleted event) {
            events.add(event);
        }

        <T> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    @Autowired
    Recorder recorder;

    private PostSteps posts;
    private TestUser alice;
    private TestUser bob;

    @BeforeEach
    void setUp() {
        posts = new PostSteps(api());
        alice = users().register();
        bob = users().register();
        recorder.events.clear();
    }

    @Test
    void aPostAndACommentArePublishedWithTheirMentionsAndTags() {
        String post = ok(posts.create(alice, body("status", "#Hello @" + bob.username() + " and @nobody",
                "visibility", "unlisted", "media_ids", List.of(posts.photo(alice))))).get("id").asString();
        String comment = posts.commentId(bob, post, "Hi back");

        List<StatusPublished> published = recorder.of(StatusPublished.class);
        assertThat(published).containsExactly(
                new StatusPublished(Long.parseLong(post), Long.parseLong(alice.id()), "unlisted", null, null,
                        Set.of(Long.parseLong(bob.id())), Set.of("hello")),
                new StatusPublished(Long.parseLong(comment), Long.parseLong(bob.id()), "unlisted", Long.parseLong(post),
                        Long.parseLong(alice.id()), Set.of(), Set.of()));
    }

    @Test
    void refusedAndRepeatedPostsPublishNothingMore() {
        posts.create(alice, body("status", "no photo"));
        String photo = posts.photo(alice);
        ok(posts.createWithKey(alice, "once", body("media_ids", List.of(photo))));
        ok(posts.createWithKey(alice, "once", body("media_ids", List.of(photo))));

        assertThat(recorder.of(StatusPublished.class)).hasSize(1);
    }

    @Test
    void aLikeIsPublishedOncePerNewLike() {
        String post = posts.publicPost(alice);
        ok(posts.favourite(bob, post));
        ok(posts.favourite(bob, post));

        assertThat(recorder.of(StatusFavourited.class)).containsExactly(
                new StatusFavourited(Long.parseLong(post), Long.parseLong(bob.id()), Long.parseLong(alice.id())));

        ok(posts.unfavourite(bob, post));
        ok(posts.favourite(bob, post));
        assertThat(recorder.of(StatusFavourited.class)).hasSize(2);
    }

    @Test
    void deletingAPostPublishesItsDeletionAndEachOfItsComments() {
        String post = posts.publicPost(alice);
        String comment = posts.commentId(bob, post, "Nice");
        String reply = posts.commentId(alice, comment, "Thanks");

        ok(posts.delete(alice, post));
        assertThat(posts.delete(alice, post).status()).isEqualTo(404);

        assertThat(recorder.of(StatusDeleted.class)).containsExactlyInAnyOrder(
                new StatusDeleted(Long.parseLong(post), Long.parseLong(alice.id()), "public", null, Set.of()),
                new StatusDeleted(Long.parseLong(comment), Long.parseLong(bob.id()), "public", Long.parseLong(post), Set.of()),
                new StatusDeleted(Long.parseLong(reply), Long.parseLong(alice.id()), "public", Long.parseLong(comment), Set.of()));
    }
}
