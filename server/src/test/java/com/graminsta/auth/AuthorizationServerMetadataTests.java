package com.graminsta.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** RFC 8414 metadata, as Mastodon 4.3 serves it: what a client needs to sign in with PKCE. */
class AuthorizationServerMetadataTests extends IntegrationTest {

    @Test
    void namesTheRealEndpointsScopesGrantsAndPkce() {
        Api.Response response = api().get("/.well-known/oauth-authorization-server", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode metadata = response.json();
        String issuer = metadata.get("issuer").asString();
        assertThat(issuer).endsWith("/");
        assertThat(metadata.get("authorization_endpoint").asString()).isEqualTo(issuer + "oauth/authorize");
        assertThat(metadata.get("token_endpoint").asString()).isEqualTo(issuer + "oauth/token");
        assertThat(metadata.get("revocation_endpoint").asString()).isEqualTo(issuer + "oauth/revoke");
        assertThat(metadata.get("app_registration_endpoint").asString()).isEqualTo(issuer + "api/v1/apps");
        assertThat(strings(metadata.get("code_challenge_methods_supported"))).containsExactly("S256");
        assertThat(strings(metadata.get("response_types_supported"))).containsExactly("code");
        assertThat(strings(metadata.get("grant_types_supported")))
                .containsExactlyInAnyOrder("authorization_code", "password", "client_credentials");
        assertThat(strings(metadata.get("scopes_supported")))
                .contains("read", "write", "follow", "push", "read:statuses", "write:media", "write:follows");
        assertThat(strings(metadata.get("token_endpoint_auth_methods_supported")))
                .contains("client_secret_basic", "client_secret_post");
    }

    @Test
    void everyScopeItNamesIsOneAnAppMayRegisterWith() {
        List<String> scopes = strings(api().get("/.well-known/oauth-authorization-server", null).json().get("scopes_supported"));

        Api.Response app = api().postJson("/api/v1/apps", null, java.util.Map.of("client_name", "Every scope",
                "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", String.join(" ", scopes)));

        assertThat(app.status()).as(app.toString()).isEqualTo(200);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }
}
