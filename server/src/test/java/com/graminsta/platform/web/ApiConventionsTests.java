package com.graminsta.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ApiConventionsTests extends IntegrationTest {

    @Test
    void theOpenApiDescriptionListsTheApi() {
        Api.Response docs = api().get("/api/docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("openapi").asString()).startsWith("3.");
        assertThat(docs.json().get("paths").has("/api/v1/accounts/verify_credentials")).isTrue();
        assertThat(docs.json().get("paths").has("/oauth/token")).isTrue();
    }

    @Test
    void browsersAskingForTheDocsGetAPage() {
        Api.Response redirect = api().send("GET", "/api/docs", null, null, new byte[0], "Accept", "text/html,*/*");
        assertThat(redirect.status()).isEqualTo(302);
        String page = redirect.header("Location").orElseThrow();
        Api.Response html = api().get(page.startsWith("http") ? page : page, null);
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.body()).containsIgnoringCase("<html");
    }

    @Test
    void unknownPathsAndMethodsGetJsonErrors() {
        Api.Response missing = api().get("/api/v1/nothing_here", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asString()).isNotBlank();
        Api.Response wrongMethod = api().delete("/api/v1/instance", null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("error").asString()).isNotBlank();
        // A path with a variable is found among all the mappings, not in the table of fixed paths.
        Api.Response wrongMethodOnPattern = api().send("PUT", "/api/v1/accounts/1", null, null, new byte[0]);
        assertThat(wrongMethodOnPattern.status()).isEqualTo(405);
    }

    @Test
    void garbledMultipartIsABadRequest() {
        Api.Response response = api().send("POST", "/api/v1/apps", null, "multipart/form-data; boundary=zzz",
                "--zzz\r\nContent-Disposition: form-data; name=\"client_name\"\r\n\r\nabc".getBytes());
        assertThat(response.status()).isBetween(400, 499);
        assertThat(response.body()).doesNotContain("Exception");
    }

    @Test
    void theInstanceDescribesItsLimits() {
        var v2 = api().get("/api/v2/instance", null).json();
        assertThat(v2.get("configuration").get("statuses").get("max_media_attachments").asInt()).isEqualTo(10);
        assertThat(v2.get("registrations").get("enabled").asBoolean()).isTrue();
        var v1 = api().get("/api/v1/instance", null).json();
        assertThat(v1.get("uri").asString()).isNotBlank();
        assertThat(v1.get("stats").get("user_count").isNumber()).isTrue();
    }

    @Test
    void theInstancesSmallerEntitiesAnswerEmptyWhereThereIsNothing() {
        assertThat(api().get("/api/v1/instance/peers", null).body()).isEqualTo("[]");
        assertThat(api().get("/api/v1/instance/rules", null).body()).isEqualTo("[]");
        assertThat(api().get("/api/v1/instance/translation_languages", null).body()).isEqualTo("{}");
        var description = api().get("/api/v1/instance/extended_description", null).json();
        assertThat(description.get("content").asString()).startsWith("<p>");
        assertThat(java.time.Instant.parse(description.get("updated_at").asString())).isBeforeOrEqualTo(java.time.Instant.now());
    }

    @LocalManagementPort
    int managementPort;

    @Test
    void healthProbesAnswerOnTheApiPortAndNothingElseOfTheActuatorDoes() {
        Api.Response readiness = api().get("/actuator/health/readiness", null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        assertThat(api().get("/actuator/health/liveness", null).status()).isEqualTo(200);
        for (String path : List.of("/actuator", "/actuator/prometheus", "/actuator/health", "/actuator/info",
                "/actuator/metrics", "/actuator/env")) {
            assertThat(api().get(path, null).status()).as(path).isEqualTo(404);
        }
    }

    @Test
    void metricsAnswerOnTheManagementPort() {
        assertThat(managementPort).isNotEqualTo(port).isPositive();
        Api management = new Api("http://127.0.0.1:" + managementPort);
        Api.Response metrics = management.get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        assertThat(management.get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void anUnacceptableAcceptHeaderIs406WithoutAStackTrace(CapturedOutput output) {
        for (String path : List.of("/api/v1/instance", "/api/v1/statuses/1", "/api/v1/apps/verify_credentials")) {
            Api.Response response = api().send("GET", path, null, null, new byte[0], "Accept", "application/xml");
            assertThat(response.status()).as(path).isEqualTo(406);
            assertThat(response.json().get("error").asString()).as(path).isNotBlank();
        }
        assertThat(output.getOut() + output.getErr()).doesNotContain("HttpMediaTypeNotAcceptableException")
                .doesNotContain("Unhandled error");
    }

    @Test
    void nulCharactersInTextAre422WithAClearMessage() {
        var user = users().register();
        for (Api.Response response : List.of(
                api().postJson("/api/v1/statuses", user.token(), "{\"status\":\"a\\u0000b\"}"),
                api().postForm("/api/v1/statuses", user.token(), Api.form("status", "a\u0000b")),
                api().postForm("/api/v1/apps", null, Api.form("client_name", "a\u0000", "redirect_uris", "urn:ietf:wg:oauth:2.0:oob")),
                api().patchJson("/api/v1/accounts/update_credentials", user.token(), "{\"note\":\"\\u0000\"}"))) {
            assertThat(response.status()).as(response.toString()).isEqualTo(422);
            assertThat(response.json().get("error").asString()).isEqualTo("Validation failed: text must not contain NUL characters");
        }
        Api.Response search = api().get("/api/v2/search?q=a%00b", user.token());
        assertThat(search.status()).as(search.toString()).isLessThan(500);
    }
}
