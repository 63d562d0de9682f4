package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.graminsta.platform.images.ImageFormat;
import com.graminsta.platform.jobs.Jobs;
import com.graminsta.platform.storage.MediaStore;
import com.graminsta.support.Api;
import com.graminsta.support.S3IntegrationTest;
import com.graminsta.support.TestImages;
import com.graminsta.support.TestUsers.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Object storage goes down (the s3proxy process is stopped) and comes back on the same address:
 * requests that need it answer 503 at once and leave nothing behind, jobs wait, and everything
 * works again without restarting Graminsta.
 */
class StorageOutageTests extends S3IntegrationTest {

    private static final String UNAVAILABLE = "Media storage is unavailable; try again in a moment";
    /** Far below the SDK's socket timeout: a refused connection must not hang the request. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Attachments attachments;
    @Autowired
    TransactionTemplate transactions;

    private final MediaStore store;
    private final Jobs jobs;
    private MediaSteps media;
    private DirectUploadSteps direct;
    private TestUser alice;

    StorageOutageTests(@Autowired MediaStore store, @Autowired Jobs jobs) {
        this.store = store;
        this.jobs = jobs;
    }

    @BeforeEach
    void setUp() {
        media = new MediaSteps(api());
        direct = new DirectUploadSteps(api());
        alice = users().register();
    }

    @AfterEach
    void storeIsBack() {
        s3proxy().start();
    }

    @Test
    void uploadWhileTheStoreIsDownIs503AndLeavesNothingThenWorksOnceItIsBack() {
        s3proxy().stop();

        long started = System.nanoTime();
        Api.Response refused = media.upload(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(300, 200));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPTLY);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.json().get("error").asString()).isEqualTo(UNAVAILABLE);
        assertThat(refused.header("Retry-After")).isPresent();
        assertThat(attachmentsOf(alice)).isZero();

        s3proxy().start();

        JsonNode ready = media.ready(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(300, 200));
        assertThat(ready.get("url").asString()).startsWith(objectUrl("attachments/"));
    }

    @Test
    void completingWhileTheStoreIsDownIs503ThenWorksOnceItIsBack() {
        byte[] photo = TestImages.jpeg(300, 200);
        JsonNode upload = direct.started(alice, "image/jpeg", photo.length);
        DirectUploadSteps.put(upload, photo);
        s3proxy().stop();

        Api.Response refused = direct.complete(alice, upload.get("id").asString());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.json().get("error").asString()).isEqualTo(UNAVAILABLE);
        assertThat(attachmentsOf(alice)).isZero();
        assertThat(direct.start(alice, "content_type", "image/jpeg", "size", 100).status())
                .as("presigning needs no store").isEqualTo(200);

        s3proxy().start();

        Api.Response completed = direct.complete(alice, upload.get("id").asString());
        assertThat(completed.status()).as(completed.toString()).isEqualTo(202);
        assertThat(media.awaitProcessed(alice, completed.json().get("id").asString()).status()).isEqualTo(200);
    }

    @Test
    void avatarWhileTheStoreIsDownIs503AndChangesNothing() {
        s3proxy().stop();

        Api.Response refused = api().multipart("PATCH", "/api/v1/accounts/update_credentials", alice.token(),
                Map.of("display_name", "Alice", "avatar", new Api.FilePart("me.jpg", "image/jpeg", TestImages.jpeg(300, 200))));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.json().get("error").asString()).isEqualTo(UNAVAILABLE);
        JsonNode account = api().get("/api/v1/accounts/" + alice.id(), null).json();
        assertThat(account.get("avatar").asString()).contains("/avatars/missing-");
        assertThat(account.get("display_name").asString()).isEmpty();
    }

    @Test
    void processingWaitsOutAnOutageAndFinishesOnceTheStoreIsBack() {
        // Made here rather than through the API, which would start processing before the store could be stopped.
        String originalKey = MediaKeys.newOriginalKey(ImageFormat.JPEG);
        store.put(originalKey, TestImages.jpeg(800, 600), "image/jpeg");
        s3proxy().stop();
        long id = transactions.execute(status -> {
            long created = attachments.insert(Long.parseLong(alice.id()), originalKey, MediaKeys.newVariantsKey(), "", null);
            jobs.enqueue(MediaProcessing.TYPE, new MediaProcessing.Payload(created));
            return created;
        });

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> job(id).get("last_error") != null);
        // With a 200 ms back-off, three counted failures would have buried the job within a second or two.
        Awaitility.await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() ->
                "processing".equals(state(id)) && "queued".equals(job(id).get("state")));
        assertThat((String) job(id).get("last_error")).contains("MediaStorageUnavailableException");

        s3proxy().start();

        Api.Response ready = media.awaitProcessed(alice, Long.toString(id));
        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        // The job marks the photo ready, then drops the original: the API may answer in between.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> store.size(originalKey).isEmpty());
    }

    private long attachmentsOf(TestUser user) {
        return jdbc.sql("SELECT count(*) FROM media_attachments WHERE account_id = :account")
                .param("account", Long.parseLong(user.id())).query(Long.class).single();
    }

    private String state(long id) {
        return jdbc.sql("SELECT state FROM media_attachments WHERE id = :id").param("id", id).query(String.class).single();
    }

    private Map<String, Object> job(long mediaId) {
        return jdbc.sql("SELECT state, last_error FROM jobs WHERE type = 'media.process' AND (payload ->> 'mediaId')::bigint = :id")
                .param("id", mediaId).query().singleRow();
    }
}
