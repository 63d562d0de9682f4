package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestImages;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The bound on POST /api/v1/media's wait, on an API-only instance: no worker here, so nothing is
 * processed unless the test says so, as when the worker tier is slow or busy.
 */
@TestPropertySource(properties = {"graminsta.worker.enabled=false", "graminsta.media.processing-wait=3s"})
class MediaV1WaitTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void pastTheWaitTheAnswerIs202AsFromV2() {
        TestUser alice = users().register();

        Api.Response upload = new MediaSteps(api()).uploadV1(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(400, 300));

        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
        assertThat(upload.json().get("url").isNull()).isTrue();
        assertThat(api().get("/api/v1/media/" + upload.json().get("id").asString(), alice.token()).status()).isEqualTo(206);
    }

    @Test
    void processingThatFailsDuringTheWaitIs422WithTheReason() throws Exception {
        TestUser alice = users().register();
        CompletableFuture<Api.Response> upload = CompletableFuture.supplyAsync(() ->
                new MediaSteps(api()).uploadV1(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(400, 300)));

        long id = awaitUploadRow(Long.parseLong(alice.id()));
        jdbc.sql("UPDATE media_attachments SET state = 'failed', failure = 'The photo could not be processed' WHERE id = :id")
                .param("id", id).update();

        Api.Response response = upload.get(30, TimeUnit.SECONDS);
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("The photo could not be processed");
    }

    @Test
    void theWaitIsBoundedByConfiguration() {
        assertThat(new ProcessingWaitSettings(Duration.ZERO).processingWait()).isZero();
        assertThat(new ProcessingWaitSettings(ProcessingWaitSettings.MAX).processingWait()).isEqualTo(Duration.ofSeconds(30));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new ProcessingWaitSettings(Duration.ofSeconds(31)))
                .withMessageContaining("GRAMINSTA_MEDIA_PROCESSINGWAIT");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new ProcessingWaitSettings(Duration.ofSeconds(-1)));
    }

    private long awaitUploadRow(long accountId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var id = jdbc.sql("SELECT id FROM media_attachments WHERE account_id = :account").param("account", accountId)
                    .query(Long.class).optional();
            if (id.isPresent()) {
                return id.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the upload never reached the database");
    }
}
