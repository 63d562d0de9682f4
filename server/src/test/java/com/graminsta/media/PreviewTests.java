package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestImages;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code preview_url} and {@code meta.small} as Mastodon defines them: the photo's own shape in
 * about 230,400 pixels, which third-party clients show in timelines. The square crop is
 * Graminsta's grid thumbnail, under {@code meta.square}.
 */
class PreviewTests extends IntegrationTest {

    private MediaSteps media;
    private TestUser alice;

    @BeforeEach
    void setUp() {
        media = new MediaSteps(api());
        alice = users().register();
    }

    @Test
    void portraitPhotoKeepsItsRatioInPreviewUrlAndMetaSmall() {
        JsonNode attachment = media.ready(alice, "portrait.jpg", "image/jpeg", TestImages.jpeg(1200, 1600));

        assertKeepsItsShape(attachment, 3 / 4.0);
        assertThat(attachment.get("meta").get("small").get("size").asString()).isEqualTo("415x553");
    }

    @Test
    void landscapePhotoKeepsItsRatioInPreviewUrlAndMetaSmall() {
        JsonNode attachment = media.ready(alice, "landscape.jpg", "image/jpeg", TestImages.jpeg(1600, 900));

        assertKeepsItsShape(attachment, 16 / 9.0);
        assertThat(attachment.get("meta").get("small").get("size").asString()).isEqualTo("640x360");
    }

    @Test
    void squareThumbnailStaysUnderItsOwnName() {
        JsonNode attachment = media.ready(alice, "landscape.jpg", "image/jpeg", TestImages.jpeg(1600, 900));

        JsonNode square = attachment.get("meta").get("square");
        assertThat(square.get("size").asString()).isEqualTo("480x480");
        assertThat(MediaApiTests.size(api().bytes(path(square.get("url").asString())))).containsExactly(480, 480);
        assertThat(square.get("url").asString()).isNotEqualTo(attachment.get("preview_url").asString());
    }

    @Test
    void postsCarryTheSamePreviewAsTheirMedia() {
        JsonNode attachment = media.ready(alice, "portrait.jpg", "image/jpeg", TestImages.jpeg(900, 1600));
        var created = api().postJson("/api/v1/statuses", alice.token(),
                Map.of("status", "Tall", "media_ids", List.of(attachment.get("id").asString())));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode status = api().get("/api/v1/statuses/" + created.json().get("id").asString(), alice.token()).json();

        JsonNode posted = status.get("media_attachments").get(0);
        assertThat(posted.get("preview_url").asString()).isEqualTo(attachment.get("preview_url").asString());
        assertKeepsItsShape(posted, 9 / 16.0);
    }

    private void assertKeepsItsShape(JsonNode attachment, double aspect) {
        JsonNode small = attachment.get("meta").get("small");
        int[] preview = MediaApiTests.size(api().bytes(path(attachment.get("preview_url").asString())));
        assertThat(preview).as("the file preview_url names is the size meta.small says")
                .containsExactly(small.get("width").asInt(), small.get("height").asInt());
        assertThat(small.get("aspect").asDouble()).isCloseTo(aspect, within(0.01));
        assertThat((double) preview[0] / preview[1]).isCloseTo(aspect, within(0.01));
        assertThat((long) preview[0] * preview[1]).as("within Mastodon's budget for small").isLessThanOrEqualTo(231_000);
    }

    private static String path(String url) {
        return URI.create(url).getRawPath();
    }
}
