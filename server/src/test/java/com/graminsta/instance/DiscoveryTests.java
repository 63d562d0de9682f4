package com.graminsta.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.Photos;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** NodeInfo, host-meta and WebFinger, as other software discovers the server through them. */
class DiscoveryTests extends IntegrationTest {

    private final JdbcClient jdbc;

    @Autowired
    DiscoveryTests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Test
    void nodeinfoLinksTheNodeinfo20Document() {
        Api.Response links = api().get("/.well-known/nodeinfo", null);

        assertThat(links.status()).isEqualTo(200);
        JsonNode link = links.json().get("links").get(0);
        assertThat(link.get("rel").asString()).isEqualTo("http://nodeinfo.diaspora.software/ns/schema/2.0");
        assertThat(URI.create(link.get("href").asString()).getPath()).isEqualTo("/nodeinfo/2.0");
    }

    @Test
    void nodeinfoNamesTheSoftwareItsUsageAndTheApiItFollows() {
        Api.Response response = api().get("/nodeinfo/2.0", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type").orElseThrow())
                .startsWith("application/json").contains("profile=\"http://nodeinfo.diaspora.software/ns/schema/2.0#\"");
        assertThat(response.header("Cache-Control").orElseThrow()).contains("public", "max-age=600");
        JsonNode nodeinfo = response.json();
        assertThat(nodeinfo.get("version").asString()).isEqualTo("2.0");
        assertThat(nodeinfo.get("software").get("name").asString()).isEqualTo("graminsta");
        assertThat(nodeinfo.get("software").get("version").asString()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(nodeinfo.get("openRegistrations").asBoolean()).isTrue();
        JsonNode users = nodeinfo.get("usage").get("users");
        for (String field : List.of("total", "activeMonth", "activeHalfyear")) {
            assertThat(users.get(field).isIntegralNumber()).as(field).isTrue();
        }
        assertThat(nodeinfo.get("usage").get("localPosts").isIntegralNumber()).isTrue();
        assertThat(nodeinfo.get("protocols").isArray()).isTrue();
        assertThat(nodeinfo.get("metadata").get("upstream").get("name").asString()).isEqualTo("mastodon");
    }

    @Test
    void usageCountsPeopleWhoSignedInOrPostedAndTheirPosts() {
        Usage.Counts before = Usage.count(jdbc);
        TestUser alice = users().register();
        String photo = Photos.processed(api(), alice);
        String post = api().postJson("/api/v1/statuses", alice.token(), Map.of("media_ids", List.of(photo))).json()
                .get("id").asString();
        api().postJson("/api/v1/statuses", alice.token(), Map.of("status", "Nice", "in_reply_to_id", post));

        Usage.Counts after = Usage.count(jdbc);

        assertThat(after.users()).isEqualTo(before.users() + 1);
        assertThat(after.activeMonth()).isEqualTo(before.activeMonth() + 1);
        assertThat(after.activeHalfyear()).isEqualTo(before.activeHalfyear() + 1);
        assertThat(after.localPosts()).isEqualTo(before.localPosts() + 1);
        assertThat(after.localComments()).isEqualTo(before.localComments() + 1);
    }

    @Test
    void hostMetaPointsAtWebFingerInXmlAndJson() {
        Api.Response xml = api().get("/.well-known/host-meta", null);
        Api.Response json = api().get("/.well-known/host-meta?format=json", null);
        Api.Response jsonFile = api().get("/.well-known/host-meta.json", null);

        assertThat(xml.status()).isEqualTo(200);
        assertThat(xml.header("Content-Type").orElseThrow()).startsWith("application/xrd+xml");
        assertThat(xml.body()).contains("<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">",
                "rel=\"lrdd\"", "/.well-known/webfinger?resource={uri}");
        for (Api.Response response : List.of(json, jsonFile)) {
            assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/jrd+json");
            JsonNode link = response.json().get("links").get(0);
            assertThat(link.get("rel").asString()).isEqualTo("lrdd");
            assertThat(link.get("template").asString()).endsWith("/.well-known/webfinger?resource={uri}");
        }
    }

    @Test
    void webFingerFindsALocalAccountByHandleAndNothingElse() {
        TestUser alice = users().register();
        String domain = api().get("/api/v1/instance", null).json().get("uri").asString();

        Api.Response found = api().get("/.well-known/webfinger?resource=acct:" + alice.username() + "@" + domain, null);
        Api.Response elsewhere = api().get("/.well-known/webfinger?resource=acct:" + alice.username() + "@elsewhere.example", null);
        Api.Response nobody = api().get("/.well-known/webfinger?resource=acct:nobody_here@" + domain, null);
        Api.Response missing = api().get("/.well-known/webfinger", null);

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.header("Content-Type").orElseThrow()).startsWith("application/jrd+json");
        assertThat(found.json().get("subject").asString()).isEqualTo("acct:" + alice.username() + "@" + domain);
        assertThat(found.json().get("links").get(0).get("href").asString()).endsWith("/@" + alice.username());
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(nobody.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(400);
    }
}
