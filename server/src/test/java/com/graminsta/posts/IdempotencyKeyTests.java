package com.graminsta.posts;

import static com.graminsta.posts.PostSteps.body;
import static com.graminsta.posts.PostSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The same Idempotency-Key from the same account gives the same post, and only one. */
class IdempotencyKeyTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private PostSteps posts;
    private TestUser alice;

    @BeforeEach
    void setUp() {
        posts = new PostSteps(api());
        alice = users().register();
    }

    @Test
    void aRepeatedRequestGetsTheFirstPost() {
        Map<String, Object> request = body("status", "Once", "media_ids", List.of(posts.photo(alice)));

        String first = ok(posts.createWithKey(alice, "key-1", request)).get("id").asString();
        String second = ok(posts.createWithKey(alice, "key-1", request)).get("id").asString();

        assertThat(second).isEqualTo(first);
        assertThat(statusesOf(alice)).isEqualTo(1);
        assertThat(posts.account(alice).get("statuses_count").asInt()).isEqualTo(1);
    }

    @Test
    void concurrentDuplicatesMakeOnePost() throws Exception {
        Map<String, Object> request = body("status", "Only once", "media_ids", List.of(posts.photo(alice)));
        List<Callable<Api.Response>> duplicates = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            duplicates.add(() -> posts.createWithKey(alice, "tap-tap-tap", request));
        }

        List<Api.Response> responses = Concurrently.run(duplicates);

        assertThat(responses).allSatisfy(response -> assertThat(response.status()).as(response.toString()).isEqualTo(200));
        assertThat(responses.stream().map(response -> response.json().get("id").asString()).distinct()).hasSize(1);
        assertThat(statusesOf(alice)).isEqualTo(1);
        assertThat(posts.account(alice).get("statuses_count").asInt()).isEqualTo(1);
    }

    @Test
    void concurrentDuplicateCommentsMakeOneComment() throws Exception {
        String post = posts.publicPost(alice);
        TestUser bob = users().register();
        List<Callable<Api.Response>> duplicates = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            duplicates.add(() -> posts.createWithKey(bob, "comment-key", body("status", "Hi", "in_reply_to_id", post)));
        }

        List<Api.Response> responses = Concurrently.run(duplicates);

        assertThat(responses.stream().map(response -> response.json().get("id").asString()).distinct()).hasSize(1);
        assertThat(statusesOf(bob)).isEqualTo(1);
        assertThat(ok(posts.get(alice, post)).get("replies_count").asInt()).isEqualTo(1);
    }

    @Test
    void differentKeysAndDifferentAccountsMakeDifferentPosts() {
        TestUser bob = users().register();

        String a = ok(posts.createWithKey(alice, "k", body("media_ids", List.of(posts.photo(alice))))).get("id").asString();
        String b = ok(posts.createWithKey(alice, "other", body("media_ids", List.of(posts.photo(alice))))).get("id").asString();
        String c = ok(posts.createWithKey(bob, "k", body("media_ids", List.of(posts.photo(bob))))).get("id").asString();

        assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
    }

    @Test
    void aRefusedRequestDoesNotUseUpTheKey() {
        Api.Response refused = posts.createWithKey(alice, "retry-me", body("status", "No photo"));
        assertThat(refused.status()).isEqualTo(422);

        String photo = posts.photo(alice);
        String posted = ok(posts.createWithKey(alice, "retry-me", body("media_ids", List.of(photo)))).get("id").asString();

        assertThat(ok(posts.createWithKey(alice, "retry-me", body("media_ids", List.of(photo)))).get("id").asString())
                .isEqualTo(posted);
    }

    @Test
    void anExpiredKeyMayBeUsedAgain() {
        String first = ok(posts.createWithKey(alice, "daily", body("media_ids", List.of(posts.photo(alice))))).get("id").asString();
        jdbc.sql("UPDATE status_idempotency_keys SET created_at = now() - interval '2 hours' WHERE account_id = :id")
                .param("id", Long.parseLong(alice.id())).update();

        String second = ok(posts.createWithKey(alice, "daily", body("media_ids", List.of(posts.photo(alice))))).get("id").asString();

        assertThat(second).isNotEqualTo(first);
        assertThat(jdbc.sql("SELECT count(*) FROM status_idempotency_keys WHERE account_id = :id")
                .param("id", Long.parseLong(alice.id())).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aDeletedPostFreesItsKey() {
        String first = ok(posts.createWithKey(alice, "again", body("media_ids", List.of(posts.photo(alice))))).get("id").asString();
        ok(posts.delete(alice, first));

        String second = ok(posts.createWithKey(alice, "again", body("media_ids", List.of(posts.photo(alice))))).get("id").asString();

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void anOverlongKeyIsRefused() {
        Api.Response response = posts.createWithKey(alice, "k".repeat(StatusRules.IDEMPOTENCY_KEY_MAX + 1),
                body("media_ids", List.of(posts.photo(alice))));

        assertThat(response.status()).isEqualTo(422);
    }

    private long statusesOf(TestUser user) {
        return jdbc.sql("SELECT count(*) FROM statuses WHERE account_id = :id")
                .param("id", Long.parseLong(user.id())).query(Long.class).single();
    }
}
