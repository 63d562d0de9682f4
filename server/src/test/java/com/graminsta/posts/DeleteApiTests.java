package com.graminsta.posts;

import static com.graminsta.posts.PostSteps.body;
import static com.graminsta.posts.PostSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** DELETE /api/v1/statuses/:id takes everything hanging off a status with it and puts counters back. */
class DeleteApiTests extends IntegrationTest {

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
    void deletingAPostAnswersWithItsTextForRedrafting() {
        String photo = posts.photo(alice);
        String post = ok(posts.create(alice, body("status", "Hello #world", "media_ids", List.of(photo)))).get("id").asString();

        JsonNode deleted = ok(posts.delete(alice, post));

        assertThat(deleted.get("id").asString()).isEqualTo(post);
        assertThat(deleted.get("text").asString()).isEqualTo("Hello #world");
        assertThat(deleted.get("media_attachments").get(0).get("id").asString()).isEqualTo(photo);
        assertThat(posts.get(alice, post).status()).isEqualTo(404);
        assertThat(posts.delete(alice, post).status()).isEqualTo(404);
    }

    @Test
    void deletingAPostTakesItsCommentsLikesTagsMentionsAndPhotos() {
        String post = ok(posts.create(alice, body("status", "#gone with @" + bob.username(),
                "media_ids", List.of(posts.photo(alice))))).get("id").asString();
        String comment = posts.commentId(bob, post, "Nice");
        String reply = posts.commentId(alice, comment, "Thanks");
        ok(posts.favourite(bob, post));
        ok(posts.favourite(alice, comment));

        ok(posts.delete(alice, post));

        assertThat(posts.get(bob, comment).status()).isEqualTo(404);
        assertThat(posts.get(alice, reply).status()).isEqualTo(404);
        long id = Long.parseLong(post);
        assertThat(count("SELECT count(*) FROM statuses WHERE id IN (:ids)", List.of(id, Long.parseLong(comment),
                Long.parseLong(reply)))).isZero();
        assertThat(count("SELECT count(*) FROM favourites WHERE status_id IN (:ids)", List.of(id, Long.parseLong(comment))))
                .isZero();
        assertThat(count("SELECT count(*) FROM status_tags WHERE status_id IN (:ids)", List.of(id))).isZero();
        assertThat(count("SELECT count(*) FROM mentions WHERE status_id IN (:ids)", List.of(id))).isZero();
        assertThat(count("SELECT count(*) FROM media_attachments WHERE status_id IN (:ids)", List.of(id))).isZero();
        assertThat(ids(ok(posts.favourites(bob)))).isEmpty();
    }

    @Test
    void deletingFixesTheCounters() {
        String kept = posts.publicPost(alice);
        String gone = posts.publicPost(alice);
        assertThat(posts.account(alice).get("statuses_count").asInt()).isEqualTo(2);
        String comment = posts.commentId(bob, kept, "One");
        posts.commentId(bob, kept, "Two");
        assertThat(ok(posts.get(bob, kept)).get("replies_count").asInt()).isEqualTo(2);

        ok(posts.delete(bob, comment));
        ok(posts.delete(alice, gone));

        assertThat(ok(posts.get(bob, kept)).get("replies_count").asInt()).isEqualTo(1);
        assertThat(posts.account(alice).get("statuses_count").asInt()).isEqualTo(1);
        assertThat(posts.account(bob).get("statuses_count").asInt()).isZero();
    }

    @Test
    void onlyTheAuthorDeletes() {
        String post = posts.publicPost(alice);
        String comment = posts.commentId(bob, post, "Mine");

        // Not even the post's author deletes someone else's comment through this endpoint.
        assertThat(posts.delete(alice, comment).status()).isEqualTo(404);
        assertThat(posts.delete(bob, post).status()).isEqualTo(404);
        assertThat(posts.delete(bob, "1").status()).isEqualTo(404);
        assertThat(posts.delete(bob, "not-an-id").status()).isEqualTo(404);
        ok(posts.get(bob, post));
        ok(posts.get(alice, comment));
    }

    @Test
    void aPostAndItsCommentsDeletedAtOnceLeaveExactCounters() throws Exception {
        String post = posts.publicPost(alice);
        List<TestUser> people = List.of(users().register(), users().register(), users().register());
        List<String> comments = new java.util.ArrayList<>();
        for (TestUser person : people) {
            comments.add(posts.commentId(person, post, "Hi"));
        }

        List<java.util.concurrent.Callable<Integer>> work = new java.util.ArrayList<>();
        work.add(() -> posts.delete(alice, post).status());
        for (int i = 0; i < people.size(); i++) {
            TestUser person = people.get(i);
            String comment = comments.get(i);
            work.add(() -> posts.delete(person, comment).status());
            work.add(() -> posts.favourite(person, comment).status());
        }
        List<Integer> statuses = Concurrently.run(work);

        // A like or a comment deletion that loses the race to the post's deletion finds nothing (404);
        // one that wins succeeds (200). Which ones lose depends on timing, so either may be absent.
        assertThat(statuses).isSubsetOf(200, 404);
        assertThat(statuses.getFirst()).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM statuses WHERE id = :id OR in_reply_to_id = :id", Long.parseLong(post)))
                .isZero();
        assertThat(posts.account(alice).get("statuses_count").asInt()).isZero();
    }

    private long count(String sql, Object ids) {
        var statement = jdbc.sql(sql);
        statement = ids instanceof List<?> ? statement.param("ids", ids) : statement.param("id", ids);
        return statement.query(Long.class).single();
    }

    private static List<String> ids(JsonNode statuses) {
        return PostSteps.ids(statuses);
    }
}
