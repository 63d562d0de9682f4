package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestImages;
import com.graminsta.support.TestUsers.TestUser;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** POST /api/v1/media, as Mastodon documents it: the answer comes once the photo is processed. */
class MediaV1UploadTests extends IntegrationTest {

    private MediaSteps media;
    private TestUser alice;

    @BeforeEach
    void setUp() {
        media = new MediaSteps(api());
        alice = users().register();
    }

    @Test
    void theUploadAnswers200WithTheProcessedAttachment() {
        Api.Response upload = media.uploadV1(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(2000, 1500),
                "description", "A yellow sun on blue", "focus", "0.5,-0.25");

        assertThat(upload.status()).as(upload.toString()).isEqualTo(200);
        JsonNode attachment = upload.json();
        assertThat(attachment.get("type").asString()).isEqualTo("image");
        assertThat(attachment.get("url").asString()).isNotBlank();
        assertThat(attachment.get("preview_url").asString()).isNotBlank();
        assertThat(attachment.get("description").asString()).isEqualTo("A yellow sun on blue");
        assertThat(attachment.get("meta").get("original").get("size").asString()).isEqualTo("1080x810");
        assertThat(attachment.get("meta").get("focus").get("x").asDouble()).isEqualTo(0.5);
        assertThat(attachment.get("blurhash").asString()).isNotBlank();
        assertThat(api().bytes(java.net.URI.create(attachment.get("url").asString()).getRawPath())).startsWith(0xFF, 0xD8, 0xFF);

        Api.Response again = api().get("/api/v1/media/" + attachment.get("id").asString(), alice.token());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("url").asString()).isEqualTo(attachment.get("url").asString());
    }

    @Test
    void aTrailingSlashUploadsAsWell() {
        Api.Response upload = media.upload("/api/v1/media/", alice.token(), "photo.png", "image/png", TestImages.png(300, 200));

        assertThat(upload.status()).as(upload.toString()).isEqualTo(200);
        assertThat(upload.json().get("url").asString()).isNotBlank();
    }

    @Test
    void badUploadsAreRefusedExactlyAsV2RefusesThem() {
        Object[][] bad = {
                {"notes.txt", "text/plain", Uploads.text(), new Object[0]},
                {"logo.svg", "image/svg+xml", Uploads.svg(), new Object[0]},
                {"photo.png", "image/jpeg", TestImages.png(40, 30), new Object[0]},
                {"photo.jpg", "application/octet-stream", TestImages.png(40, 30), new Object[0]},
                {"cut.jpg", "image/jpeg", Uploads.truncated(TestImages.jpeg(800, 600)), new Object[0]},
                {"bomb.jpg", "image/jpeg", Uploads.jpegClaiming(64_000, 64_000), new Object[0]},
                {"bomb.gif", "image/gif", Uploads.gifWithHugeScreen(), new Object[0]},
                {"empty.jpg", "image/jpeg", new byte[0], new Object[0]},
                {"photo.jpg", "image/jpeg", TestImages.jpeg(40, 30), new Object[] {"description", "ü".repeat(MediaRules.DESCRIPTION_MAX + 1)}},
                {"photo.jpg", "image/jpeg", TestImages.jpeg(40, 30), new Object[] {"focus", "2,0"}},
        };
        SoftAssertions softly = new SoftAssertions();
        for (Object[] upload : bad) {
            Api.Response v2 = media.upload("/api/v2/media", alice.token(), (String) upload[0], (String) upload[1], (byte[]) upload[2], (Object[]) upload[3]);
            Api.Response v1 = media.uploadV1(alice, (String) upload[0], (String) upload[1], (byte[]) upload[2], (Object[]) upload[3]);
            softly.assertThat(v1.status()).as(upload[0] + ": " + v1).isEqualTo(422).isEqualTo(v2.status());
            softly.assertThat(v1.body()).as((String) upload[0]).isEqualTo(v2.body());
        }
        softly.assertAll();

        Api.Response noFile = api().multipart("POST", "/api/v1/media", alice.token(), Api.form("description", "x"));
        assertThat(noFile.status()).as(noFile.toString()).isEqualTo(422);
    }

    @Test
    void anUploadAboveTwentyMegabytesIsTooLarge() {
        byte[] big = Arrays.copyOf(TestImages.jpeg(40, 30), (int) MediaRules.MAX_BYTES + 1);

        Api.Response response = media.uploadV1(alice, "big.jpg", "image/jpeg", big);

        assertThat(response.status()).as(response.toString()).isIn(413, 422);
        assertThat(response.json().get("error").asString()).containsIgnoringCase("too large");
    }

    @Test
    void anAppTokenWithoutAUserCannotUpload() {
        String appToken = users().app("read write").token();

        Api.Response response = media.upload("/api/v1/media", appToken, "photo.jpg", "image/jpeg", TestImages.jpeg(40, 30));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("This method requires an authenticated user");
    }

    @Test
    void theProcessedUploadGoesIntoAPost() {
        String id = media.uploadV1(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(400, 300)).json().get("id").asString();

        Api.Response post = api().postForm("/api/v1/statuses", alice.token(), Api.form("status", "v1", "media_ids[]", id));

        assertThat(post.status()).as(post.toString()).isEqualTo(200);
        assertThat(post.json().get("media_attachments").get(0).get("id").asString()).isEqualTo(id);
    }
}
