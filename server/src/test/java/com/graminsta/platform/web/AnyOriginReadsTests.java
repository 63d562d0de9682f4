package com.graminsta.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.Photos;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;

/**
 * Media and discovery documents are readable from any origin, never with credentials; the API
 * keeps its own rule (none configured here, so no cross-origin reads of it at all).
 */
class AnyOriginReadsTests extends IntegrationTest {

    private static final String ORIGIN = "https://client.example";

    private Api.Response fromOtherOrigin(String method, String path, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Origin";
        all[1] = ORIGIN;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return api().send(method, path, null, null, new byte[0], all);
    }

    @Test
    void photosAnswerAnyOriginWithoutCredentials() {
        TestUser alice = users().register();
        String photo = Photos.processed(api(), alice);
        var attachment = api().get("/api/v1/media/" + photo, alice.token()).json();

        for (String url : List.of(attachment.get("url").asString(), attachment.get("preview_url").asString(),
                attachment.get("meta").get("square").get("url").asString())) {
            Api.Response response = fromOtherOrigin("GET", URI.create(url).getRawPath());
            assertThat(response.status()).as(url).isEqualTo(200);
            assertAnyOrigin(response);
        }
    }

    @Test
    void defaultAvatarAndMissingMediaAnswerAnyOriginToo() {
        TestUser alice = users().register();
        String avatar = api().get("/api/v1/accounts/" + alice.id(), null).json().get("avatar").asString();

        assertAnyOrigin(fromOtherOrigin("GET", URI.create(avatar).getRawPath()));
        Api.Response missing = fromOtherOrigin("GET", "/media/attachments/0123456789abcdef0123456789abcdef/feed.jpg");
        assertThat(missing.status()).isEqualTo(404);
        assertAnyOrigin(missing);
    }

    @Test
    void discoveryDocumentsAnswerAnyOrigin() {
        for (String path : List.of("/.well-known/nodeinfo", "/nodeinfo/2.0", "/.well-known/host-meta",
                "/.well-known/oauth-authorization-server")) {
            Api.Response response = fromOtherOrigin("GET", path);
            assertThat(response.status()).as(path).isEqualTo(200);
            assertAnyOrigin(response);
        }
    }

    @Test
    void headAnswersAnyOriginAndAPreflightForAReadIsAllowed() {
        assertAnyOrigin(fromOtherOrigin("HEAD", "/nodeinfo/2.0"));

        Api.Response preflight = fromOtherOrigin("OPTIONS", "/.well-known/nodeinfo",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-client");

        assertThat(preflight.status()).isEqualTo(204);
        assertAnyOrigin(preflight);
        assertThat(preflight.header("Access-Control-Allow-Methods")).hasValue("GET, HEAD");
        assertThat(preflight.header("Access-Control-Allow-Headers")).hasValue("x-client");
    }

    @Test
    void writesAreNotAllowedCrossOriginThere() {
        Api.Response preflight = fromOtherOrigin("OPTIONS", "/media/attachments/x/feed.jpg",
                "Access-Control-Request-Method", "DELETE");

        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void theApiIsNotOpenedByIt() {
        Api.Response instance = fromOtherOrigin("GET", "/api/v1/instance");
        Api.Response token = api().send("POST", "/oauth/token", null, "application/json",
                Api.encode(Map.of()).getBytes(), "Origin", ORIGIN);

        assertThat(instance.header("Access-Control-Allow-Origin")).isEmpty();
        assertThat(token.header("Access-Control-Allow-Origin")).isEmpty();
    }

    private static void assertAnyOrigin(Api.Response response) {
        assertThat(response.header("Access-Control-Allow-Origin")).as(response.toString()).hasValue("*");
        assertThat(response.header("Access-Control-Allow-Credentials")).as(response.toString()).isEmpty();
    }
}
