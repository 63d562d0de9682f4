package com.graminsta.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * What clients ask about at launch for features Graminsta lacks: an empty answer in Mastodon's
 * shape, never a 404 that a client would take for a broken server.
 */
class AbsentFeaturesTests extends IntegrationTest {

    static final List<String> PUBLIC = List.of("/api/v1/custom_emojis", "/api/v1/trends", "/api/v1/trends/tags",
            "/api/v1/trends/statuses", "/api/v1/trends/links");
    static final List<String> FOR_USERS = List.of("/api/v1/filters", "/api/v2/filters", "/api/v1/lists",
            "/api/v1/announcements", "/api/v1/followed_tags", "/api/v1/suggestions", "/api/v2/suggestions",
            "/api/v1/conversations", "/api/v1/scheduled_statuses", "/api/v1/domain_blocks", "/api/v1/endorsements",
            "/api/v1/featured_tags");

    @Test
    void everyAbsentFeatureAnswersAnEmptyList() {
        TestUser alice = users().register();
        SoftAssertions softly = new SoftAssertions();
        for (String path : PUBLIC) {
            Api.Response anonymous = api().get(path, null);
            softly.assertThat(anonymous.status()).as(path).isEqualTo(200);
            softly.assertThat(anonymous.body()).as(path).isEqualTo("[]");
            softly.assertThat(api().get(path, alice.token()).body()).as(path + " with a token").isEqualTo("[]");
        }
        for (String path : FOR_USERS) {
            Api.Response response = api().get(path, alice.token());
            softly.assertThat(response.status()).as(path).isEqualTo(200);
            softly.assertThat(response.body()).as(path).isEqualTo("[]");
            softly.assertThat(response.header("Content-Type").orElse("")).as(path).startsWith("application/json");
        }
        softly.assertAll();
    }

    @Test
    void whatMastodonKeepsForUsersRefusesAnAppsOwnToken() {
        String appToken = users().app("read").token();
        SoftAssertions softly = new SoftAssertions();
        for (String path : FOR_USERS) {
            Api.Response response = api().get(path, appToken);
            softly.assertThat(response.status()).as(path).isEqualTo(422);
            softly.assertThat(response.body()).as(path).contains("This method requires an authenticated user");
        }
        softly.assertAll();
    }

    @Test
    void anAccountsFeaturedTagsAndListsAreEmptyAndAnUnknownAccountIsNotFound() {
        TestUser alice = users().register();
        TestUser bob = users().register();

        assertThat(api().get("/api/v1/accounts/" + bob.id() + "/featured_tags", null).body()).isEqualTo("[]");
        assertThat(api().get("/api/v1/accounts/" + bob.id() + "/lists", alice.token()).body()).isEqualTo("[]");
        assertThat(api().get("/api/v1/accounts/123456789/featured_tags", null).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/accounts/nope/lists", alice.token()).status()).isEqualTo(404);
    }

    @Test
    void familiarFollowersHasAnEmptyEntryPerExistingAccount() {
        TestUser alice = users().register();
        TestUser bob = users().register();

        Api.Response response = api().get("/api/v1/accounts/familiar_followers?id[]=" + bob.id()
                + "&id[]=123456789&id[]=x&id[]=" + bob.id(), alice.token());

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().size()).isEqualTo(1);
        assertThat(response.json().get(0).get("id").asString()).isEqualTo(bob.id());
        assertThat(response.json().get(0).get("accounts").size()).isZero();
    }
}
