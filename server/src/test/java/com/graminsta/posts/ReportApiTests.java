package com.graminsta.posts;

import static com.graminsta.posts.PostSteps.body;
import static com.graminsta.posts.PostSteps.ok;
import static com.graminsta.posts.PostSteps.unprocessable;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** POST /api/v1/reports records a report for the moderators. */
class ReportApiTests extends IntegrationTest {

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

    private Api.Response report(TestUser reporter, Object... fields) {
        return api().postJson("/api/v1/reports", reporter.token(), body(fields));
    }

    @Test
    void aReportIsRecordedAndAnsweredAsAMastodonReport() {
        String post = posts.publicPost(alice);

        JsonNode report = ok(report(bob, "account_id", alice.id(), "status_ids", List.of(post),
                "comment", "Spam in every post", "category", "spam", "forward", true));

        assertThat(report.get("id").asString()).matches("\\d+");
        assertThat(report.get("action_taken").asBoolean()).isFalse();
        assertThat(report.get("action_taken_at").isNull()).isTrue();
        assertThat(report.get("category").asString()).isEqualTo("spam");
        assertThat(report.get("comment").asString()).isEqualTo("Spam in every post");
        assertThat(report.get("forwarded").asBoolean()).isFalse();
        assertThat(report.get("status_ids").get(0).asString()).isEqualTo(post);
        assertThat(report.get("target_account").get("id").asString()).isEqualTo(alice.id());
        long stored = jdbc.sql("SELECT count(*) FROM reports WHERE account_id = :bob AND target_account_id = :alice")
                .param("bob", Long.parseLong(bob.id())).param("alice", Long.parseLong(alice.id()))
                .query(Long.class).single();
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void aFormReportWithBracketedIdsWorksAndDefaultsToOther() {
        String post = posts.publicPost(alice);

        JsonNode report = ok(api().postForm("/api/v1/reports", bob.token(),
                Api.form("account_id", alice.id(), "status_ids[]", List.of(post))));

        assertThat(report.get("category").asString()).isEqualTo("other");
        assertThat(report.get("comment").asString()).isEmpty();
    }

    @Test
    void statusesMustBeTheReportedAccountsAndVisible() {
        String bobsPost = posts.publicPost(bob);
        String privatePost = posts.post(alice, "private", "").get("id").asString();
        TestUser carol = users().register();

        assertThat(report(carol, "account_id", alice.id(), "status_ids", List.of(bobsPost)).status()).isEqualTo(404);
        assertThat(report(carol, "account_id", alice.id(), "status_ids", List.of(privatePost)).status()).isEqualTo(404);
        assertThat(report(carol, "account_id", "1").status()).isEqualTo(404);
        assertThat(report(carol).status()).isEqualTo(404);
    }

    @Test
    void aBlockEitherWayDoesNotStopAReport() {
        String post = posts.publicPost(alice);
        TestUser carol = users().register();
        ok(posts.block(alice, bob));
        ok(posts.block(carol, alice));

        ok(report(bob, "account_id", alice.id(), "status_ids", List.of(post)));
        ok(report(carol, "account_id", alice.id(), "status_ids", List.of(post)));
    }

    @Test
    void badReportsAreRefused() {
        unprocessable(report(bob, "account_id", alice.id(), "comment", "x".repeat(StatusRules.REPORT_COMMENT_MAX + 1)));
        unprocessable(report(bob, "account_id", alice.id(), "category", "boring"));
        unprocessable(report(bob, "account_id", alice.id(), "rule_ids", List.of("1")));
        unprocessable(report(bob, "account_id", bob.id()));
        ok(report(bob, "account_id", alice.id(), "comment", "x".repeat(StatusRules.REPORT_COMMENT_MAX)));
    }
}
