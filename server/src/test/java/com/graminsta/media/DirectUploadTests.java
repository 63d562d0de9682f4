package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.graminsta.platform.storage.MediaStore;
import com.graminsta.support.Api;
import com.graminsta.support.S3IntegrationTest;
import com.graminsta.support.TestImages;
import com.graminsta.support.TestUsers.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Direct uploads to object storage (docs/decisions/0009) against a real s3proxy: the store itself
 * holds clients to the signed type and size, and completing turns the object into a photo.
 */
class DirectUploadTests extends S3IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DirectUploadSweep sweep;

    private final MediaStore store;
    private DirectUploadSteps direct;
    private MediaSteps media;
    private TestUser alice;

    DirectUploadTests(@Autowired MediaStore store) {
        this.store = store;
    }

    @BeforeEach
    void setUp() {
        direct = new DirectUploadSteps(api());
        media = new MediaSteps(api());
        alice = users().register();
    }

    @Test
    void startingGivesAPresignedPutIntoTheBucketValidForFifteenMinutes() {
        JsonNode upload = direct.started(alice, "image/jpeg", 1234);

        assertThat(upload.get("id").asString()).matches("\\d+");
        assertThat(upload.get("method").asString()).isEqualTo("PUT");
        assertThat(upload.get("url").asString()).startsWith(objectUrl("private/originals/"));
        assertThat(upload.get("headers").get("Content-Type").asString()).isEqualTo("image/jpeg");
        assertThat(upload.get("headers").size()).isEqualTo(1);
        Instant expiresAt = Instant.parse(upload.get("expires_at").asString());
        assertThat(expiresAt).isBetween(Instant.now().plus(Duration.ofMinutes(14)), Instant.now().plus(Duration.ofMinutes(16)));
    }

    @Test
    void uploadedFileIsCompletedAndProcessedLikeAMultipartUpload() throws Exception {
        byte[] photo = TestImages.phoneJpeg(1600, 1200, 1);
        JsonNode upload = direct.started(alice, "image/jpeg", photo.length, "description", "Sun", "focus", "0.5,-0.5",
                "filename", "IMG_1.JPG");
        assertThat(DirectUploadSteps.put(upload, photo)).isEqualTo(200);

        Api.Response completed = direct.complete(alice, upload.get("id").asString());

        assertThat(completed.status()).as(completed.toString()).isEqualTo(202);
        JsonNode accepted = completed.json();
        assertThat(accepted.get("type").asString()).isEqualTo("image");
        assertThat(accepted.get("url").isNull()).isTrue();
        assertThat(accepted.get("description").asString()).isEqualTo("Sun");
        assertThat(accepted.get("meta").get("focus").get("x").asDouble()).isEqualTo(0.5);

        Api.Response done = media.awaitProcessed(alice, accepted.get("id").asString());
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        HttpResponse<byte[]> feed = anonymousGet(done.json().get("url").asString());
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(new String(feed.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(TestImages.DEVICE);
        assertThat(done.json().get("meta").get("original").get("size").asString()).isEqualTo("1080x810");
        assertThat(store.size(objectKey(upload))).as("the uploaded original is deleted once processed").isEmpty();
    }

    @Test
    void completingTwiceGivesTheSameAttachment() {
        byte[] photo = TestImages.png(300, 200);
        JsonNode upload = direct.started(alice, "image/png", photo.length);
        DirectUploadSteps.put(upload, photo);

        Api.Response first = direct.complete(alice, upload.get("id").asString());
        media.awaitProcessed(alice, first.json().get("id").asString());
        Api.Response second = direct.complete(alice, upload.get("id").asString());

        assertThat(second.status()).as(second.toString()).isEqualTo(202);
        assertThat(second.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(jdbc.sql("SELECT count(*) FROM media_attachments WHERE account_id = :account")
                .param("account", Long.parseLong(alice.id())).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theStoreRefusesABodyLargerOrSmallerThanDeclared() {
        byte[] photo = TestImages.jpeg(300, 200);
        JsonNode upload = direct.started(alice, "image/jpeg", photo.length);

        assertThat(DirectUploadSteps.put(upload, java.util.Arrays.copyOf(photo, photo.length + 1))).isEqualTo(403);
        assertThat(DirectUploadSteps.put(upload, java.util.Arrays.copyOf(photo, photo.length - 1))).isEqualTo(403);
        assertThat(store.size(objectKey(upload))).isEmpty();
    }

    @Test
    void theStoreRefusesAnotherContentType() {
        byte[] photo = TestImages.png(300, 200);
        JsonNode upload = direct.started(alice, "image/jpeg", photo.length);

        assertThat(DirectUploadSteps.put(upload, "image/png", photo)).isEqualTo(403);
        assertThat(store.size(objectKey(upload))).isEmpty();
    }

    @Test
    void completingBeforeTheFileIsUploadedIs422() {
        JsonNode upload = direct.started(alice, "image/jpeg", 1000);

        Api.Response response = direct.complete(alice, upload.get("id").asString());

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).contains("has not been uploaded");
        assertThat(jdbc.sql("SELECT count(*) FROM media_attachments WHERE account_id = :account")
                .param("account", Long.parseLong(alice.id())).query(Long.class).single()).isZero();
    }

    @Test
    void typeSizeAndTextAreLimitedAsForMultipartUploads() {
        long max = MediaRules.MAX_BYTES;
        Object[][] refused = {
                {"Content type can't be blank", new Object[] {"size", 100}},
                {"Content type must be", new Object[] {"content_type", "image/heic", "size", 100}},
                {"Content type must be", new Object[] {"content_type", "image/svg+xml", "size", 100}},
                {"Content type must be", new Object[] {"content_type", "text/plain", "size", 100}},
                {"Size can't be blank", new Object[] {"content_type", "image/jpeg"}},
                {"Size must be from 1 byte to 20 MB", new Object[] {"content_type", "image/jpeg", "size", 0}},
                {"Size must be from 1 byte to 20 MB", new Object[] {"content_type", "image/jpeg", "size", -1}},
                {"Size must be from 1 byte to 20 MB", new Object[] {"content_type", "image/jpeg", "size", max + 1}},
                {"Description is too long", new Object[] {"content_type", "image/jpeg", "size", 100,
                        "description", "x".repeat(MediaRules.DESCRIPTION_MAX + 1)}},
                {"Focus must be", new Object[] {"content_type", "image/jpeg", "size", 100, "focus", "2,0"}},
                {"named photo.png but declared as image/jpeg", new Object[] {"content_type", "image/jpeg", "size", 100,
                        "filename", "photo.png"}},
        };
        for (Object[] each : refused) {
            Api.Response response = direct.start(alice, (Object[]) each[1]);
            assertThat(response.status()).as(response.toString()).isEqualTo(422);
            assertThat(response.json().get("error").asString()).contains((String) each[0]);
        }

        for (String type : new String[] {"image/jpeg", "image/png", "image/webp", "image/gif"}) {
            assertThat(direct.start(alice, "content_type", type, "size", 1).status()).as(type).isEqualTo(200);
        }
        assertThat(direct.start(alice, "content_type", "image/jpeg", "size", max).status()).isEqualTo(200);
        assertThat(direct.start(alice, "content_type", "image/jpeg", "size", "many").status()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT count(*) FROM direct_uploads WHERE account_id = :account")
                .param("account", Long.parseLong(alice.id())).query(Long.class).single()).isEqualTo(5);
    }

    @Test
    void aliasesOfATypeAreSignedAsTheCanonicalType() {
        JsonNode upload = direct.started(alice, "image/jpg", 100);

        assertThat(upload.get("headers").get("Content-Type").asString()).isEqualTo("image/jpeg");
    }

    @Test
    void someoneElsesOrAnUnknownUploadIsNotFound() {
        TestUser bob = users().register();
        byte[] photo = TestImages.jpeg(300, 200);
        JsonNode upload = direct.started(alice, "image/jpeg", photo.length);
        DirectUploadSteps.put(upload, photo);

        assertThat(direct.complete(bob, upload.get("id").asString()).status()).isEqualTo(404);
        assertThat(direct.complete(alice, "123456789").status()).isEqualTo(404);
        assertThat(direct.complete(alice, "not-an-id").status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT media_id FROM direct_uploads WHERE id = :id")
                .param("id", Long.parseLong(upload.get("id").asString())).query(Long.class).optional()).isEmpty();
    }

    @Test
    void aFileThatIsNotTheDeclaredTypeFailsProcessing() {
        byte[] jpeg = TestImages.jpeg(300, 200);

        String id = direct.uploaded(alice, "image/png", jpeg);

        Api.Response processed = media.awaitProcessed(alice, id);
        assertThat(processed.status()).as(processed.toString()).isEqualTo(422);
        assertThat(processed.json().get("error").asString()).isEqualTo("The file is a JPEG image but was sent as image/png");
    }

    @Test
    void theInstanceSaysDirectUploadsAreOn() {
        JsonNode configuration = api().get("/api/v2/instance", null).json().get("configuration");

        assertThat(configuration.get("graminsta").get("direct_uploads").asBoolean()).isTrue();
    }

    @Test
    void uploadsNotCompletedWithinADayAreDeletedWithTheirObject() {
        byte[] photo = TestImages.jpeg(300, 200);
        JsonNode abandoned = direct.started(alice, "image/jpeg", photo.length);
        DirectUploadSteps.put(abandoned, photo);
        JsonNode recent = direct.started(alice, "image/jpeg", photo.length);
        DirectUploadSteps.put(recent, photo);
        JsonNode completed = direct.started(alice, "image/jpeg", photo.length);
        DirectUploadSteps.put(completed, photo);
        String mediaId = direct.complete(alice, completed.get("id").asString()).json().get("id").asString();
        media.awaitProcessed(alice, mediaId);
        age(abandoned, Duration.ofHours(25));
        age(recent, Duration.ofHours(23));
        age(completed, Duration.ofHours(25));

        sweep.handle(new DirectUploadSweep.Payload());

        assertThat(exists(abandoned)).isFalse();
        assertThat(exists(completed)).isFalse();
        assertThat(exists(recent)).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.size(objectKey(abandoned)).isEmpty());
        assertThat(store.size(objectKey(recent))).isPresent();
        assertThat(api().get("/api/v1/media/" + mediaId, alice.token()).status()).as("the photo stays").isEqualTo(200);
    }

    private void age(JsonNode upload, Duration age) {
        jdbc.sql("UPDATE direct_uploads SET created_at = now() - make_interval(secs => :age) WHERE id = :id")
                .param("age", (double) age.toSeconds())
                .param("id", Long.parseLong(upload.get("id").asString()))
                .update();
    }

    private boolean exists(JsonNode upload) {
        return jdbc.sql("SELECT count(*) FROM direct_uploads WHERE id = :id")
                .param("id", Long.parseLong(upload.get("id").asString())).query(Long.class).single() == 1;
    }

    /** The key the presigned URL writes to: its path after the bucket. */
    private static String objectKey(JsonNode upload) {
        String path = URI.create(upload.get("url").asString()).getPath();
        return path.substring(("/" + BUCKET + "/").length());
    }

    private static HttpResponse<byte[]> anonymousGet(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
