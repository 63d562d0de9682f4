package com.graminsta.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Markers: the reading position in home and notifications, shared between one's apps. */
class MarkerApiTests extends IntegrationTest {

    private TestUser alice;

    @BeforeEach
    void setUp() {
        alice = users().register();
    }

    private JsonNode get(TestUser user, String query) {
        Api.Response response = api().get("/api/v1/markers" + query, user.token());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    @Test
    void noMarkersYetIsAnEmptyObject() {
        assertThat(get(alice, "?timeline[]=home&timeline[]=notifications").isObject()).isTrue();
        assertThat(get(alice, "?timeline[]=home&timeline[]=notifications").size()).isZero();
        assertThat(get(alice, "").size()).isZero();
    }

    @Test
    void aFormSetsAPositionAndEachUpdateRaisesTheVersion() {
        Api.Response saved = api().postForm("/api/v1/markers", alice.token(), Api.form("home[last_read_id]", "103"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.json().get("home").get("last_read_id").asString()).isEqualTo("103");
        assertThat(saved.json().get("home").get("version").asInt()).isEqualTo(1);
        assertThat(saved.json().get("home").get("updated_at").asString()).isNotBlank();
        assertThat(saved.json().has("notifications")).isFalse();

        api().postForm("/api/v1/markers", alice.token(), Api.form("home[last_read_id]", "107"));

        JsonNode markers = get(alice, "?timeline[]=home&timeline[]=notifications");
        assertThat(markers.get("home").get("last_read_id").asString()).isEqualTo("107");
        assertThat(markers.get("home").get("version").asInt()).isEqualTo(2);
        assertThat(markers.has("notifications")).isFalse();
    }

    @Test
    void jsonSetsBothTimelinesAndOnlyTheAskedOnesAreAnswered() {
        Api.Response saved = api().postJson("/api/v1/markers", alice.token(),
                Map.of("home", Map.of("last_read_id", "5"), "notifications", Map.of("last_read_id", "9")));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.json().get("notifications").get("last_read_id").asString()).isEqualTo("9");

        JsonNode onlyNotifications = get(alice, "?timeline[]=notifications");
        assertThat(onlyNotifications.has("home")).isFalse();
        assertThat(onlyNotifications.get("notifications").get("last_read_id").asString()).isEqualTo("9");
        assertThat(get(alice, "?timeline=home").get("home").get("last_read_id").asString()).isEqualTo("5");
        assertThat(get(alice, "?timeline[]=lists").size()).isZero();
    }

    @Test
    void markersAreEachAccountsOwn() {
        TestUser bob = users().register();
        api().postForm("/api/v1/markers", alice.token(), Api.form("home[last_read_id]", "42"));

        assertThat(get(bob, "?timeline[]=home").size()).isZero();
    }

    @Test
    void aMissingOrMalformedIdIsRefused() {
        for (String id : new String[] {"", "abc", "-1", "99999999999999999999"}) {
            Api.Response response = api().postForm("/api/v1/markers", alice.token(), Api.form("home[last_read_id]", id));
            assertThat(response.status()).as(id + ": " + response).isEqualTo(422);
            assertThat(response.json().get("error").asString()).startsWith("Validation failed");
        }
        Api.Response empty = api().postJson("/api/v1/markers", alice.token(), Map.of("home", Map.of()));
        assertThat(empty.status()).isEqualTo(422);
        assertThat(get(alice, "?timeline[]=home").size()).isZero();
    }
}
