package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.graminsta.platform.storage.MediaStore;
import com.graminsta.support.Api;
import com.graminsta.support.S3IntegrationTest;
import com.graminsta.support.TestImages;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * POST /api/v2/media, which Mastodon clients use in every stage, with media in object storage:
 * the variants are read from the store (or the CDN before it) anonymously, never from this server.
 */
class S3MediaTests extends S3IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcClient jdbc;

    private final MediaStore store;
    private MediaSteps media;
    private TestUser alice;

    S3MediaTests(@Autowired MediaStore store) {
        this.store = store;
    }

    @BeforeEach
    void setUp() {
        media = new MediaSteps(api());
        alice = users().register();
    }

    @Test
    void multipartUploadIsProcessedIntoVariantsReadableAnonymouslyAsImmutable() throws Exception {
        String id = media.accepted(alice, "photo.jpg", "image/jpeg", TestImages.phoneJpeg(1600, 1200, 1));
        // Null when processing already finished: the key is forgotten with the original.
        String originalKey = originalKey(id);

        Api.Response done = media.awaitProcessed(alice, id);

        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        JsonNode attachment = done.json();
        for (String url : new String[] {attachment.get("url").asString(), attachment.get("preview_url").asString(),
                attachment.get("meta").get("medium").get("url").asString(),
                attachment.get("meta").get("square").get("url").asString()}) {
            assertThat(url).startsWith(objectUrl("attachments/"));
            HttpResponse<byte[]> variant = anonymousGet(url);
            assertThat(variant.statusCode()).as(url).isEqualTo(200);
            assertThat(variant.body()).as(url + " is a JPEG").startsWith(0xFF, 0xD8, 0xFF);
            assertThat(new String(variant.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).as(url + " names no device")
                    .doesNotContain(TestImages.DEVICE);
            assertThat(variant.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            assertThat(variant.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        }
        if (originalKey != null) {
            assertThat(originalKey).startsWith("private/originals/");
            assertThat(store.size(originalKey)).as("the original, with its metadata, is deleted once processed").isEmpty();
        }
    }

    @Test
    void originalsAreNeverReadableAnonymously() throws Exception {
        String key = MediaKeys.newOriginalKey(com.graminsta.platform.images.ImageFormat.JPEG);
        store.put(key, TestImages.phoneJpeg(40, 30, 1), "image/jpeg");

        assertThat(anonymousGet(objectUrl(key)).statusCode()).isEqualTo(403);
    }

    @Test
    void avatarsAreStoredPubliclyInTheBucket() throws Exception {
        Api.Response response = api().multipart("PATCH", "/api/v1/accounts/update_credentials", alice.token(),
                Map.of("avatar", new Api.FilePart("me.jpg", "image/jpeg", TestImages.jpeg(600, 400))));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        String avatarUrl = response.json().get("avatar").asString();
        assertThat(avatarUrl).startsWith(objectUrl("avatars/"));
        HttpResponse<byte[]> avatar = anonymousGet(avatarUrl);
        assertThat(avatar.statusCode()).isEqualTo(200);
        assertThat(avatar.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
    }

    @Test
    void theDefaultAvatarIsPublishedInTheBucketToo() throws Exception {
        String avatarUrl = api().get("/api/v1/accounts/" + alice.id(), null).json().get("avatar").asString();
        assertThat(avatarUrl).startsWith(objectUrl("avatars/missing-"));
        HttpResponse<byte[]> avatar = anonymousGet(avatarUrl);
        for (int i = 0; i < 50 && avatar.statusCode() != 200; i++) {
            Thread.sleep(100); // published in the background at start-up
            avatar = anonymousGet(avatarUrl);
        }
        assertThat(avatar.statusCode()).isEqualTo(200);
        assertThat(avatar.headers().firstValue("Content-Type")).hasValue("image/png");
    }

    private String originalKey(String id) {
        return jdbc.sql("SELECT original_key FROM media_attachments WHERE id = :id")
                .param("id", Long.parseLong(id)).query(String.class).optional().orElse(null);
    }

    private static HttpResponse<byte[]> anonymousGet(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
