package com.graminsta.social;

import static com.graminsta.social.SocialSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RelationshipsApiTests extends IntegrationTest {

    private SocialSteps social;

    @BeforeEach
    void setUp() {
        social = new SocialSteps(api(), users());
    }

    @Test
    void relationshipsHaveMastodonsShape() {
        TestUser alice = users().register();
        TestUser bob = users().register();

        JsonNode relationship = social.relationshipWith(alice, bob);

        assertThat(relationship.propertyNames()).containsExactlyInAnyOrder("id", "following", "showing_reblogs",
                "notifying", "languages", "followed_by", "blocking", "blocked_by", "muting", "muting_notifications",
                "requested", "requested_by", "domain_blocking", "endorsed", "note");
        assertThat(relationship.get("id").asString()).isEqualTo(bob.id());
        assertThat(relationship.get("languages").isNull()).isTrue();
        assertThat(relationship.get("note").asString()).isEmpty();
        for (String flag : new String[] {"following", "showing_reblogs", "notifying", "followed_by", "blocking",
                "blocked_by", "muting", "muting_notifications", "requested", "requested_by", "domain_blocking",
                "endorsed"}) {
            assertThat(relationship.get(flag).isBoolean()).as(flag).isTrue();
            assertThat(relationship.get(flag).asBoolean()).as(flag).isFalse();
        }
    }

    @Test
    void relationshipsComeInTheOrderAskedAndSkipUnknownIds() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        TestUser carol = users().register();
        ok(social.follow(alice, carol));
        ok(social.follow(bob, alice));
        ok(social.block(alice, bob));
        ok(api().post("/api/v1/accounts/" + carol.id() + "/mute", alice.token()));

        JsonNode relationships = ok(api().get("/api/v1/accounts/relationships?id%5B%5D=" + carol.id()
                + "&id%5B%5D=123456789&id%5B%5D=nonsense&id%5B%5D=" + bob.id() + "&id%5B%5D=" + carol.id(), alice.token()));

        assertThat(relationships.size()).isEqualTo(2);
        JsonNode withCarol = relationships.get(0);
        assertThat(withCarol.get("id").asString()).isEqualTo(carol.id());
        assertThat(withCarol.get("following").asBoolean()).isTrue();
        assertThat(withCarol.get("muting").asBoolean()).isTrue();
        JsonNode withBob = relationships.get(1);
        assertThat(withBob.get("id").asString()).isEqualTo(bob.id());
        assertThat(withBob.get("blocking").asBoolean()).isTrue();
        assertThat(withBob.get("followed_by").asBoolean()).isFalse();
    }

    @Test
    void aSingleIdWithoutBracketsIsAccepted() {
        TestUser alice = users().register();
        TestUser bob = users().register();

        JsonNode relationships = ok(api().get("/api/v1/accounts/relationships?id=" + bob.id(), alice.token()));

        assertThat(relationships.size()).isEqualTo(1);
        assertThat(relationships.get(0).get("id").asString()).isEqualTo(bob.id());
    }

    @Test
    void noIdsGiveAnEmptyList() {
        TestUser alice = users().register();

        Api.Response response = api().get("/api/v1/accounts/relationships", alice.token());

        assertThat(ok(response).isArray()).isTrue();
        assertThat(response.json().size()).isZero();
    }

    @Test
    void tooManyIdsAreRefused() {
        TestUser alice = users().register();
        String query = IntStream.rangeClosed(1, RelationshipController.MAX_IDS + 1)
                .mapToObj(n -> "id%5B%5D=" + n)
                .collect(Collectors.joining("&"));

        assertThat(api().get("/api/v1/accounts/relationships?" + query, alice.token()).status()).isEqualTo(422);
    }

    @Test
    void relationshipWithOneselfIsAllFalse() {
        TestUser alice = users().register();

        JsonNode relationship = social.relationshipWith(alice, alice);

        assertThat(relationship.get("following").asBoolean()).isFalse();
        assertThat(relationship.get("blocking").asBoolean()).isFalse();
    }
}
