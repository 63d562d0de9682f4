package com.graminsta.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A public profile is answered from JSON written once per version of the account: the same bytes
 * Jackson writes for the account elsewhere (lookup is still written by Jackson on each request),
 * and new bytes as soon as the account changes.
 */
class RenderedProfileTests extends IntegrationTest {

    @Autowired
    AccountViews views;
    @Autowired
    Accounts accounts;
    @Autowired
    JsonMapper json;

    @Test
    void aProfileIsTheBytesJacksonWritesForTheSameAccount() {
        TestUser alice = users().register();
        edit(alice, "Ålice \"Ally\" 🌊", "Light & water <3\n\nSecond paragraph\\with a backslash");

        Api.Response rendered = api().get("/api/v1/accounts/" + alice.id(), null);
        Api.Response written = api().get("/api/v1/accounts/lookup?acct=" + alice.username(), null);
        assertThat(rendered.status()).as(rendered.toString()).isEqualTo(200);
        assertThat(rendered.body()).isEqualTo(written.body());
        assertThat(rendered.body()).isEqualTo(json.writeValueAsString(views.render(account(alice))));
        assertThat(rendered.header("Content-Type")).isEqualTo(written.header("Content-Type"));
        assertThat(rendered.header("Content-Length")).hasValue(Integer.toString(api().bytes("/api/v1/accounts/" + alice.id()).length));
    }

    @Test
    void anEditChangesTheProfilesBytesAtOnce() {
        TestUser alice = users().register();
        JsonNode before = profile(alice);
        assertThat(profile(alice)).isEqualTo(before);

        edit(alice, "Alice Anew", "New bio");

        JsonNode after = profile(alice);
        assertThat(after.get("display_name").asString()).isEqualTo("Alice Anew");
        assertThat(after.get("note").asString()).isEqualTo("<p>New bio</p>");
        assertThat(api().get("/api/v1/accounts/" + alice.id(), null).body())
                .isEqualTo(api().get("/api/v1/accounts/lookup?acct=" + alice.username(), null).body());
    }

    @Test
    void theJsonIsWrittenOncePerVersionOfTheAccount() {
        Account account = account(users().register());
        assertThat(views.renderJson(account)).isSameAs(views.renderJson(account));

        Account followed = new Account(account.id(), account.username(), account.displayName(), account.note(),
                account.locked(), account.avatarKey(), account.followersCount() + 1, account.followingCount(),
                account.statusesCount(), Instant.now(), account.createdAt());
        assertThat(views.renderJson(followed)).isNotSameAs(views.renderJson(account));
        assertThat(json.readTree(views.renderJson(followed).toString()).get("followers_count").asInt())
                .isEqualTo(account.followersCount() + 1);
    }

    @Test
    void theApiDescriptionShowsTheProfileAsAnAccount() {
        JsonNode get = api().get("/api/docs", null).json().get("paths").get("/api/v1/accounts/{id}").get("get");
        String schema = get.get("responses").get("200").get("content").get("application/json").get("schema").get("$ref").asString();
        assertThat(schema).endsWith("/AccountJson");
    }

    private Account account(TestUser user) {
        return accounts.findById(Long.parseLong(user.id())).orElseThrow();
    }

    private JsonNode profile(TestUser user) {
        Api.Response response = api().get("/api/v1/accounts/" + user.id(), null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private void edit(TestUser user, String displayName, String note) {
        Api.Response edited = api().patchJson("/api/v1/accounts/update_credentials", user.token(),
                Map.of("display_name", displayName, "note", note));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
    }
}
