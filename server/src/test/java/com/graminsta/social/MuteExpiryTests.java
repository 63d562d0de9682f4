package com.graminsta.social;

import static com.graminsta.social.SocialSteps.ids;
import static com.graminsta.social.SocialSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.Photos;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Mutes with a duration: in force until they end, then of no effect anywhere, before and after
 * the hourly sweep deletes them. Tests end a mute by moving its end into the past.
 */
class MuteExpiryTests extends IntegrationTest {

    private final JdbcClient jdbc;
    private final EndedMuteSweep sweep;
    private SocialSteps social;
    private TestUser alice;
    private TestUser bob;

    @Autowired
    MuteExpiryTests(JdbcClient jdbc, EndedMuteSweep sweep) {
        this.jdbc = jdbc;
        this.sweep = sweep;
    }

    @BeforeEach
    void setUp() {
        social = new SocialSteps(api(), users());
        alice = users().register();
        bob = users().register();
    }

    @Test
    void aMuteWithADurationEndsThen() {
        ok(mute(alice, bob, "3600"));

        assertThat(expiresAt(alice, bob)).isBetween(OffsetDateTime.now().plusMinutes(59), OffsetDateTime.now().plusMinutes(61));
        assertThat(social.relationshipWith(alice, bob).get("muting").asBoolean()).isTrue();
        assertThat(ids(api().get("/api/v1/mutes", alice.token()))).containsExactly(bob.id());
    }

    @Test
    void anEndedMuteShowsInNoRelationshipNorList() {
        ok(mute(alice, bob, "3600"));

        end(alice, bob);

        JsonNode relationship = social.relationshipWith(alice, bob);
        assertThat(relationship.get("muting").asBoolean()).isFalse();
        assertThat(relationship.get("muting_notifications").asBoolean()).isFalse();
        assertThat(ids(api().get("/api/v1/mutes", alice.token()))).isEmpty();
    }

    @Test
    void anEndedMuteNoLongerHidesPosts() {
        ok(social.follow(alice, bob));
        String post = post(bob);
        ok(mute(alice, bob, "600"));
        assertThat(timeline(alice, "home")).doesNotContain(post);
        assertThat(timeline(alice, "public")).doesNotContain(post);

        end(alice, bob);

        assertThat(timeline(alice, "home")).contains(post);
        assertThat(timeline(alice, "public")).contains(post);
    }

    @Test
    void anEndedMuteNoLongerHidesComments() {
        String post = post(alice);
        String comment = ok(api().postJson("/api/v1/statuses", bob.token(),
                Map.of("status", "Nice", "in_reply_to_id", post))).get("id").asString();
        ok(mute(alice, bob, "600"));
        assertThat(descendants(alice, post)).isEmpty();

        end(alice, bob);

        assertThat(descendants(alice, post)).containsExactly(comment);
    }

    @Test
    void anEndedMuteNoLongerHidesNotifications() {
        String post = post(alice);
        ok(api().post("/api/v1/statuses/" + post + "/favourite", bob.token()));
        ok(mute(alice, bob, "600"));
        assertThat(notificationTypes(alice)).isEmpty();

        end(alice, bob);

        assertThat(notificationTypes(alice)).containsExactly("favourite");
        String another = post(alice);
        ok(api().post("/api/v1/statuses/" + another + "/favourite", bob.token()));
        assertThat(notificationTypes(alice)).containsExactly("favourite", "favourite");
    }

    @Test
    void mutingAgainSetsTheEndAnew() {
        ok(mute(alice, bob, "600"));
        end(alice, bob);

        ok(mute(alice, bob, null));
        assertThat(expiresAt(alice, bob)).isNull();
        assertThat(social.relationshipWith(alice, bob).get("muting").asBoolean()).isTrue();

        ok(mute(alice, bob, "0"));
        assertThat(expiresAt(alice, bob)).isNull();
        ok(api().postJson("/api/v1/accounts/" + bob.id() + "/mute", alice.token(), Map.of("duration", 86400)));
        assertThat(expiresAt(alice, bob)).isAfter(OffsetDateTime.now().plusHours(23));
    }

    @Test
    void aDurationOutOfRangeOrNotANumberIsRefused() {
        for (String bad : List.of("-1", "31536001", "soon", "2.5")) {
            Api.Response response = mute(alice, bob, bad);

            assertThat(response.status()).as(bad + ": " + response).isEqualTo(422);
            assertThat(response.json().get("error").asString()).contains("Duration");
        }
        assertThat(ids(api().get("/api/v1/mutes", alice.token()))).isEmpty();
        assertThat(ok(mute(alice, bob, "31536000")).get("muting").asBoolean()).isTrue();
    }

    @Test
    void theSweepDeletesEndedMutesOnly() {
        TestUser carol = users().register();
        TestUser dave = users().register();
        ok(mute(alice, bob, "600"));
        ok(mute(alice, carol, "600"));
        ok(mute(alice, dave, null));
        end(alice, bob);

        sweep.handle(new EndedMuteSweep.Payload());

        assertThat(jdbc.sql("SELECT target_account_id FROM mutes WHERE account_id = :id")
                .param("id", Long.parseLong(alice.id()))
                .query(Long.class)
                .list())
                .containsExactlyInAnyOrder(Long.parseLong(carol.id()), Long.parseLong(dave.id()));
    }

    private Api.Response mute(TestUser actor, TestUser target, String duration) {
        return api().postForm("/api/v1/accounts/" + target.id() + "/mute", actor.token(),
                duration == null ? Map.of() : Api.form("duration", duration));
    }

    /** Moves the mute's end a second into the past, as if its time had run out. */
    private void end(TestUser actor, TestUser target) {
        int updated = jdbc.sql("""
                        UPDATE mutes SET expires_at = now() - interval '1 second'
                        WHERE account_id = :actor AND target_account_id = :target""")
                .param("actor", Long.parseLong(actor.id()))
                .param("target", Long.parseLong(target.id()))
                .update();
        assertThat(updated).isEqualTo(1);
    }

    private OffsetDateTime expiresAt(TestUser actor, TestUser target) {
        return jdbc.sql("SELECT expires_at FROM mutes WHERE account_id = :actor AND target_account_id = :target")
                .param("actor", Long.parseLong(actor.id()))
                .param("target", Long.parseLong(target.id()))
                .query((row, number) -> row.getObject("expires_at", OffsetDateTime.class))
                .list()
                .getFirst();
    }

    private String post(TestUser author) {
        return ok(api().postJson("/api/v1/statuses", author.token(), Map.of(
                "status", "A photo", "visibility", "public", "media_ids", List.of(Photos.processed(api(), author)))))
                .get("id").asString();
    }

    private List<String> timeline(TestUser viewer, String name) {
        return ids(api().get("/api/v1/timelines/" + name, viewer.token()));
    }

    private List<String> descendants(TestUser viewer, String statusId) {
        return ok(api().get("/api/v1/statuses/" + statusId + "/context", viewer.token())).get("descendants")
                .valueStream().map(status -> status.get("id").asString()).toList();
    }

    private List<String> notificationTypes(TestUser recipient) {
        return ok(api().get("/api/v1/notifications", recipient.token())).valueStream()
                .map(notification -> notification.get("type").asString())
                .toList();
    }
}
