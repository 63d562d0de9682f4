package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import com.graminsta.platform.GraminstaSettings;
import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestImages;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Each kind of bad upload is refused on the request, with a reason, before anything is decoded. */
class MediaBadInputTests extends IntegrationTest {

    /** Far below what decoding any of the bombs would take (a 64,000² canvas is 12 GB of pixels). */
    private static final long MEMORY_JUMP_LIMIT = 64L * 1024 * 1024;

    private final GraminstaSettings settings;

    private MediaSteps media;
    private TestUser alice;

    MediaBadInputTests(@Autowired GraminstaSettings settings) {
        this.settings = settings;
    }

    @BeforeEach
    void setUp() {
        media = new MediaSteps(api());
        alice = users().register();
    }

    private String refused(String filename, String contentType, byte[] bytes, Object... fields) {
        long started = System.nanoTime();
        Api.Response response = media.upload(alice, filename, contentType, bytes, fields);
        assertThat(response.status()).as(filename + ": " + response).isEqualTo(422);
        // Not a timing assertion on the server's speed: a refusal that waited for processing would take seconds.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as(filename + " refused on the request").isLessThan(Duration.ofSeconds(5));
        return response.json().get("error").asString();
    }

    @Test
    void textIsNotAnImage() {
        assertThat(refused("notes.txt", "text/plain", Uploads.text())).contains("not an image");
    }

    @Test
    void svgIsRefusedByName() {
        assertThat(refused("logo.svg", "image/svg+xml", Uploads.svg())).contains("SVG");
        assertThat(refused("logo.jpg", "image/jpeg", Uploads.svg())).contains("SVG");
    }

    @Test
    void bytesThatDisagreeWithTheDeclaredTypeAreRefused() {
        assertThat(refused("photo.png", "image/jpeg", TestImages.png(40, 30)))
                .isEqualTo("The file is a PNG image but was sent as image/jpeg");
    }

    @Test
    void bytesThatDisagreeWithTheFileNameAreRefused() {
        assertThat(refused("photo.jpg", "application/octet-stream", TestImages.png(40, 30)))
                .isEqualTo("The file is a PNG image but is named photo.jpg");
    }

    @Test
    void genericContentTypesAndUnknownNamesSayNothingAndAreAccepted() {
        Api.Response response = media.upload(alice, "upload", "application/octet-stream", TestImages.png(40, 30));

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
    }

    @Test
    void truncatedImagesAreRefused() {
        assertThat(refused("cut.jpg", "image/jpeg", Uploads.truncated(TestImages.jpeg(800, 600)))).contains("truncated");
        assertThat(refused("cut.png", "image/png", Uploads.truncated(TestImages.png(800, 600)))).contains("truncated");
        assertThat(refused("cut.gif", "image/gif", Uploads.truncated(Uploads.gif(800, 600)))).contains("truncated");
    }

    @Test
    void smallJpegClaimingAHugeCanvasIsRefusedWithoutDecodingOrMemoryJump() {
        byte[] bomb = Uploads.jpegClaiming(64_000, 64_000);
        assertThat(bomb.length).isLessThan(5 * 1024);

        Memory before = Memory.now();
        String error = refused("bomb.jpg", "image/jpeg", bomb);
        Memory after = Memory.now();

        assertThat(error).isEqualTo("The image is 64000 × 64000 pixels; at most 50 megapixels are accepted");
        after.assertNoJumpSince(before, MEMORY_JUMP_LIMIT);
    }

    @Test
    void gifBombsAreRefusedWithoutDecodingOrMemoryJump() {
        Memory before = Memory.now();
        String screen = refused("bomb.gif", "image/gif", Uploads.gifWithHugeScreen());
        String frames = refused("frames.gif", "image/gif", Uploads.gifWithFrames(5000));
        Memory after = Memory.now();

        assertThat(screen).isEqualTo("The image is 65535 × 65535 pixels; at most 50 megapixels are accepted");
        assertThat(frames).isEqualTo("The GIF has more than 2000 frames");
        after.assertNoJumpSince(before, MEMORY_JUMP_LIMIT);
    }

    @Test
    void refusedUploadsLeaveNoRowsAndNoFiles() throws Exception {
        Path originals = settings.dataDir().resolve("media-private/originals");
        long before = countFiles(originals);

        refused("bomb.jpg", "image/jpeg", Uploads.jpegClaiming(64_000, 64_000));
        refused("notes.txt", "text/plain", Uploads.text());

        assertThat(countFiles(originals)).isEqualTo(before);
    }

    @Test
    void emptyOrMissingFileIsRefused() {
        assertThat(refused("empty.jpg", "image/jpeg", new byte[0])).contains("File can't be blank");
        Api.Response noFile = api().multipart("POST", "/api/v2/media", alice.token(), Api.form("description", "x"));
        assertThat(noFile.status()).as(noFile.toString()).isEqualTo(422);
    }

    @Test
    void descriptionLongerThan1500CharactersIsRefused() {
        String error = refused("photo.jpg", "image/jpeg", TestImages.jpeg(40, 30),
                "description", "ü".repeat(MediaRules.DESCRIPTION_MAX + 1));

        assertThat(error).isEqualTo("Validation failed: Description is too long (maximum is 1500 characters)");
        assertThat(media.upload(alice, "photo.jpg", "image/jpeg", TestImages.jpeg(40, 30),
                "description", "ü".repeat(MediaRules.DESCRIPTION_MAX)).status()).isEqualTo(202);
    }

    @Test
    void focusOutsideMinusOneToOneIsRefused() {
        for (String focus : new String[] {"2,0", "0", "a,b", "0,-1.5"}) {
            assertThat(refused("photo.jpg", "image/jpeg", TestImages.jpeg(40, 30), "focus", focus)).contains("Focus");
        }
    }

    @Test
    void uploadAboveTwentyMegabytesIsRefusedAsTooLarge() {
        byte[] big = Arrays.copyOf(TestImages.jpeg(40, 30), (int) MediaRules.MAX_BYTES + 1);

        Api.Response response = media.upload(alice, "big.jpg", "image/jpeg", big);

        assertThat(response.status()).as(response.toString()).isIn(413, 422);
        assertThat(response.json().get("error").asString()).containsIgnoringCase("too large");
    }

    @Test
    void limitsAreTheOnesTheProductPromises() {
        assertThat(MediaRules.MAX_BYTES).isEqualTo(20L * 1024 * 1024);
        assertThat(MediaRules.MAX_PIXELS).isEqualTo(50_000_000L);
        assertThat(MediaRules.DESCRIPTION_MAX).isEqualTo(1500);
        assertThat(MediaAttachments.MAX_PER_STATUS).isEqualTo(10);
    }

    private static long countFiles(Path folder) throws Exception {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (var files = Files.list(folder)) {
            return files.count();
        }
    }

    /** Heap allocated by all threads, and the process's resident memory (native decoders included). */
    private record Memory(long allocatedBytes, long residentBytes) {

        static Memory now() {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            return new Memory(threads.getTotalThreadAllocatedBytes(), resident());
        }

        void assertNoJumpSince(Memory before, long limit) {
            assertThat(allocatedBytes - before.allocatedBytes).as("heap allocated while refusing").isLessThan(limit);
            assertThat(residentBytes - before.residentBytes).as("resident memory growth while refusing").isLessThan(limit);
        }

        private static long resident() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                    }
                }
            } catch (Exception e) {
                // not Linux: the heap figure still holds
            }
            return 0;
        }
    }
}
