package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import com.graminsta.platform.jobs.Jobs;
import com.graminsta.platform.storage.MediaStore;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestImages;
import com.graminsta.support.TestUsers.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Photos processed before previews existed: the API points at a file that exists (the 640-wide
 * variant) until the backfill job has made their preview, page by page, resumable from any page.
 */
class PreviewBackfillTests extends IntegrationTest {

    private final JdbcClient jdbc;
    private final MediaStore store;
    private final PreviewBackfill backfill;
    private final Jobs jobs;
    private MediaSteps media;
    private TestUser alice;

    @Autowired
    PreviewBackfillTests(JdbcClient jdbc, MediaStore store, PreviewBackfill backfill, Jobs jobs) {
        this.jdbc = jdbc;
        this.store = store;
        this.backfill = backfill;
        this.jobs = jobs;
    }

    @BeforeEach
    void setUp() {
        media = new MediaSteps(api());
        alice = users().register();
    }

    @Test
    void photoWithoutPreviewShowsItsMediumVariantWhichExists() {
        String id = oldPhotos(TestImages.jpeg(900, 1200)).getFirst();

        JsonNode attachment = get(id);

        assertThat(attachment.get("preview_url").asString()).isEqualTo(attachment.get("meta").get("medium").get("url").asString());
        assertThat(attachment.get("meta").get("small").get("size").asString()).isEqualTo("640x853");
        assertThat(api().get(path(attachment.get("preview_url").asString()), null).status()).isEqualTo(200);
    }

    @Test
    void backfillGoesPageByPageAndResumesAfterTheLastPhotoOfAPage() {
        List<String> ids = oldPhotos(TestImages.jpeg(1200, 900), TestImages.jpeg(900, 1200), TestImages.jpeg(1600, 900));
        long beforeFirst = Long.parseLong(ids.getFirst()) - 1;

        OptionalLong next = backfill.backfillPage(beforeFirst, 2);

        assertThat(next).hasValue(Long.parseLong(ids.get(1)));
        assertThat(hasPreview(ids.get(0))).isTrue();
        assertThat(hasPreview(ids.get(1))).isTrue();
        assertThat(hasPreview(ids.get(2))).as("on the next page").isFalse();

        // The first page run again, as after a crash before its job was marked done: its photos are
        // skipped, and what it finds is the rest.
        assertThat(backfill.backfillPage(beforeFirst, 2)).isEmpty();
        assertThat(hasPreview(ids.get(2))).isTrue();
        assertThat(backfill.backfillPage(next.getAsLong(), 2)).as("nothing left").isEmpty();

        assertThat(get(ids.get(0)).get("meta").get("small").get("size").asString()).isEqualTo("554x416");
        assertThat(get(ids.get(1)).get("meta").get("small").get("size").asString()).isEqualTo("415x553");
        assertThat(get(ids.get(2)).get("meta").get("small").get("aspect").asDouble()).isCloseTo(16 / 9.0, within(0.01));
        for (String id : ids) {
            JsonNode attachment = get(id);
            assertThat(attachment.get("preview_url").asString()).endsWith("/preview.jpg");
            int[] size = MediaApiTests.size(api().bytes(path(attachment.get("preview_url").asString())));
            assertThat(attachment.get("meta").get("small").get("size").asString()).isEqualTo(size[0] + "x" + size[1]);
        }
    }

    @Test
    void backfillJobOnTheQueueFinishesTheWork() {
        List<String> ids = oldPhotos(TestImages.jpeg(1000, 1000), TestImages.jpeg(800, 1000));

        jobs.enqueue(PreviewBackfill.TYPE, new PreviewBackfill.Payload(Long.parseLong(ids.getFirst()) - 1));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(this::hasPreview));
        assertThat(get(ids.get(1)).get("meta").get("small").get("size").asString()).isEqualTo("429x536");
    }

    /** Ready photos as an older server left them: no preview in their variants, no preview file. */
    private List<String> oldPhotos(byte[]... images) {
        List<String> ids = new ArrayList<>();
        for (byte[] image : images) {
            ids.add(media.ready(alice, "photo.jpg", "image/jpeg", image).get("id").asString());
        }
        for (String id : ids) {
            String variantsKey = jdbc.sql("UPDATE media_attachments SET variants = variants - 'preview' WHERE id = :id RETURNING variants_key")
                    .param("id", Long.parseLong(id))
                    .query(String.class)
                    .single();
            store.delete(MediaKeys.variant(variantsKey, "preview"));
        }
        return ids;
    }

    private boolean hasPreview(String id) {
        return jdbc.sql("SELECT variants -> 'preview' IS NOT NULL FROM media_attachments WHERE id = " + Long.parseLong(id))
                .query(Boolean.class)
                .single();
    }

    private JsonNode get(String id) {
        return api().get("/api/v1/media/" + id, alice.token()).json();
    }

    private static String path(String url) {
        return URI.create(url).getRawPath();
    }
}
