package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.graminsta.platform.GraminstaSettings;
import com.graminsta.platform.web.ApiException;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestImages;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The media side of posting: what {@link MediaAttachments} promises the posts module. */
class PostMediaTests extends IntegrationTest {

    @Autowired
    MediaAttachments mediaAttachments;
    @Autowired
    UnattachedMediaSweep sweep;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;
    private final GraminstaSettings settings;

    private MediaSteps media;
    private TestUser alice;
    private TestUser bob;

    PostMediaTests(@Autowired GraminstaSettings settings) {
        this.settings = settings;
    }

    @BeforeEach
    void setUp() {
        media = new MediaSteps(api());
        alice = users().register();
        bob = users().register();
    }

    /** A bare post row to attach to; the posts module's rules are not what is tested here. */
    private long status(TestUser author) {
        return jdbc.sql("""
                        INSERT INTO statuses (id, account_id, post_account_id, visibility)
                        VALUES (next_id(0), :account, :account, 'public') RETURNING id""")
                .param("account", Long.parseLong(author.id())).query(Long.class).single();
    }

    private long photo(TestUser owner) {
        return Long.parseLong(media.ready(owner, "photo.jpg", "image/jpeg", TestImages.jpeg(200, 150)).get("id").asString());
    }

    private void attach(TestUser user, long statusId, List<Long> ids) {
        transactions.executeWithoutResult(tx -> mediaAttachments.attach(Long.parseLong(user.id()), statusId, ids));
    }

    private static void assertUnprocessable(Runnable action, String message) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(422);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void attachedPhotosRenderInTheGivenOrder() {
        long first = photo(alice);
        long second = photo(alice);
        long post = status(alice);

        attach(alice, post, List.of(second, first));

        Map<Long, List<MediaAttachmentJson>> rendered = mediaAttachments.forStatuses(List.of(post, status(alice)));
        assertThat(rendered).containsOnlyKeys(post);
        assertThat(rendered.get(post)).extracting(MediaAttachmentJson::id)
                .containsExactly(Long.toString(second), Long.toString(first));
        assertThat(rendered.get(post).getFirst().url()).isNotBlank();
    }

    @Test
    void someoneElsesPhotoIsRefusedAndNothingIsAttached() {
        long mine = photo(alice);
        long theirs = photo(bob);
        long post = status(alice);

        assertUnprocessable(() -> attach(alice, post, List.of(mine, theirs)), "was not found");

        assertThat(mediaAttachments.forStatuses(List.of(post))).isEmpty();
    }

    @Test
    void photoAttachedElsewhereIsRefused() {
        long photo = photo(alice);
        attach(alice, status(alice), List.of(photo));

        assertUnprocessable(() -> attach(alice, status(alice), List.of(photo)), "already attached");
    }

    @Test
    void elevenPhotosAreRefused() {
        List<Long> eleven = new ArrayList<>();
        for (long i = 1; i <= 11; i++) {
            eleven.add(i);
        }

        assertUnprocessable(() -> attach(alice, status(alice), eleven), "at most 10 photos");
    }

    @Test
    void unknownAndDuplicateIdsAreRefused() {
        long photo = photo(alice);

        assertUnprocessable(() -> attach(alice, status(alice), List.of(photo + 1_000_000)), "was not found");
        assertUnprocessable(() -> attach(alice, status(alice), List.of(photo, photo)), "more than once");
    }

    @Test
    void photoStillProcessingCannotBeAttached() {
        long photo = photo(alice);
        jdbc.sql("UPDATE media_attachments SET state = 'processing' WHERE id = :id").param("id", photo).update();

        assertUnprocessable(() -> attach(alice, status(alice), List.of(photo)), "not finished processing");
    }

    @Test
    void deletingAPostsMediaRemovesItsRowsAndThenItsFiles() {
        long photo = photo(alice);
        long post = status(alice);
        attach(alice, post, List.of(photo));
        Path folder = variantsFolder(photo);
        assertThat(folder.resolve("feed.jpg")).exists();

        transactions.executeWithoutResult(tx -> mediaAttachments.deleteForStatus(post));

        assertThat(mediaAttachments.forStatuses(List.of(post))).isEmpty();
        awaitGone(folder);
    }

    @Test
    void uploadsNeverAttachedAreSweptAfterADay() {
        long fresh = photo(alice);
        long stale = photo(alice);
        long posted = photo(alice);
        attach(alice, status(alice), List.of(posted));
        jdbc.sql("UPDATE media_attachments SET created_at = now() - interval '25 hours' WHERE id IN (:ids)")
                .param("ids", List.of(stale, posted)).update();
        Path staleFolder = variantsFolder(stale);

        sweep.handle(new UnattachedMediaSweep.Payload());

        assertThat(exists(stale)).isFalse();
        assertThat(exists(fresh)).isTrue();
        assertThat(exists(posted)).isTrue();
        awaitGone(staleFolder);
    }

    private boolean exists(long id) {
        return jdbc.sql("SELECT count(*) FROM media_attachments WHERE id = :id").param("id", id).query(Long.class).single() == 1;
    }

    private Path variantsFolder(long id) {
        String key = jdbc.sql("SELECT variants_key FROM media_attachments WHERE id = :id").param("id", id)
                .query(String.class).single();
        return settings.dataDir().resolve("media/attachments").resolve(key);
    }

    private static void awaitGone(Path folder) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Files.exists(folder) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(folder).as("files deleted by the deletion job").doesNotExist();
    }
}
