package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;

/** With media on the local disk there is no store to upload to directly; clients are told what to use. */
class DirectUploadDisabledTests extends IntegrationTest {

    private static final String DISABLED = "Direct uploads are not enabled on this server; use POST /api/v2/media";

    @Test
    void startingAndCompletingAre422WithLocalStorage() {
        TestUser alice = users().register();
        DirectUploadSteps direct = new DirectUploadSteps(api());

        Api.Response started = direct.start(alice, "content_type", "image/jpeg", "size", 100);
        Api.Response completed = direct.complete(alice, "123");

        assertThat(started.status()).as(started.toString()).isEqualTo(422);
        assertThat(started.json().get("error").asString()).isEqualTo(DISABLED);
        assertThat(completed.status()).as(completed.toString()).isEqualTo(422);
        assertThat(completed.json().get("error").asString()).isEqualTo(DISABLED);
    }

    @Test
    void theInstanceSaysDirectUploadsAreOff() {
        var configuration = api().get("/api/v2/instance", null).json().get("configuration");

        assertThat(configuration.get("graminsta").get("direct_uploads").asBoolean()).isFalse();
        assertThat(api().get("/api/v1/instance", null).json().get("configuration").get("graminsta")
                .get("direct_uploads").asBoolean()).isFalse();
    }
}
