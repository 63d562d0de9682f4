package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;

import com.graminsta.platform.GraminstaSettings;
import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestImages;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Variants are immutable files at unguessable addresses, cached for a year, with conditional GET and Range. */
class MediaServingTests extends IntegrationTest {

    private final GraminstaSettings settings;
    @Autowired
    JdbcClient jdbc;

    private MediaSteps media;
    private TestUser alice;

    MediaServingTests(@Autowired GraminstaSettings settings) {
        this.settings = settings;
    }

    @BeforeEach
    void setUp() {
        media = new MediaSteps(api());
        alice = users().register();
    }

    private String path(String url) {
        return URI.create(url).getRawPath();
    }

    @Test
    void variantAddressesCarry128RandomBits() {
        JsonNode attachment = media.ready(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(800, 600));

        assertThat(path(attachment.get("url").asString())).matches("/media/attachments/[0-9a-f]{32}/feed\\.jpg");
        assertThat(path(attachment.get("preview_url").asString())).matches("/media/attachments/[0-9a-f]{32}/preview\\.jpg");
        assertThat(path(attachment.get("meta").get("square").get("url").asString()))
                .matches("/media/attachments/[0-9a-f]{32}/thumb\\.jpg");
    }

    @Test
    void variantsAreCachedForAYearAsImmutable() {
        JsonNode attachment = media.ready(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(800, 600));

        Api.Response response = api().get(path(attachment.get("url").asString()), null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).contains("image/jpeg");
        assertThat(response.header("Cache-Control").orElseThrow()).contains("max-age=31536000", "public", "immutable");
        assertThat(response.header("Last-Modified")).isPresent();
    }

    @Test
    void conditionalGetAnswersNotModified() {
        JsonNode attachment = media.ready(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(800, 600));
        String path = path(attachment.get("url").asString());
        String lastModified = api().get(path, null).header("Last-Modified").orElseThrow();

        Api.Response again = api().send("GET", path, null, null, new byte[0], "If-Modified-Since", lastModified);

        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void rangeRequestsGetPartOfTheFile() {
        JsonNode attachment = media.ready(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(800, 600));

        Api.Response part = api().send("GET", path(attachment.get("url").asString()), null, null, new byte[0],
                "Range", "bytes=0-99");

        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range").orElseThrow()).startsWith("bytes 0-99/");
        assertThat(part.header("Content-Length")).contains("100");
    }

    @Test
    void originalsWithTheirMetadataAreNeverServedAndAreDeletedOnceProcessed() throws Exception {
        String id = media.accepted(alice, "IMG_1.JPG", "image/jpeg", TestImages.phoneJpeg(800, 600, 1));
        String originalKey = jdbc.sql("SELECT original_key FROM media_attachments WHERE id = :id")
                .param("id", Long.parseLong(id)).query(String.class).optional().orElse(null);

        media.awaitProcessed(alice, id);

        assertThat(api().get("/media/private/originals/x.jpg", null).status()).isEqualTo(404);
        assertThat(api().get("/media/../media-private/originals/x.jpg", null).status()).isIn(400, 404);
        assertThat(jdbc.sql("SELECT original_key FROM media_attachments WHERE id = :id")
                .param("id", Long.parseLong(id)).query(String.class).optional()).isEmpty();
        if (originalKey != null) {
            Path original = settings.dataDir().resolve("media-private").resolve(originalKey.substring("private/".length()));
            assertThat(original).doesNotExist();
            assertThat(api().get("/media/" + originalKey, null).status()).isEqualTo(404);
        }
    }
}
