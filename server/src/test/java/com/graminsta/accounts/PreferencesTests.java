package com.graminsta.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** GET /api/v1/preferences, which clients read at sign-in to preset their composer. */
class PreferencesTests extends IntegrationTest {

    @Test
    void preferencesHaveMastodonsKeysAndFollowTheAccount() {
        TestUser alice = users().register();

        Api.Response response = api().get("/api/v1/preferences", alice.token());

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode preferences = response.json();
        assertThat(preferences.get("posting:default:visibility").asString()).isEqualTo("public");
        assertThat(preferences.get("posting:default:sensitive").asBoolean()).isFalse();
        assertThat(preferences.get("posting:default:language").asString()).isEqualTo("en");
        assertThat(preferences.get("reading:expand:media").asString()).isEqualTo("default");
        assertThat(preferences.get("reading:expand:spoilers").asBoolean()).isFalse();

        api().patchJson("/api/v1/accounts/update_credentials", alice.token(), Map.of("locked", true));
        assertThat(api().get("/api/v1/preferences", alice.token()).json().get("posting:default:visibility").asString())
                .isEqualTo("private");
    }

    @Test
    void anAppTokenHasNoPreferences() {
        String appToken = users().app("read").token();

        Api.Response response = api().get("/api/v1/preferences", appToken);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("This method requires an authenticated user");
    }
}
