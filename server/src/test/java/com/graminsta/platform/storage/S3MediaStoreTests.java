package com.graminsta.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import com.graminsta.support.S3IntegrationTest;
import com.graminsta.support.TestImages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The S3 store against a real s3proxy: what it writes, and what anyone may read without credentials. */
class S3MediaStoreTests extends S3IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    MediaStore store;

    @Test
    void s3IsTheStoreWhenSelected() {
        assertThat(store).isInstanceOf(S3MediaStore.class);
    }

    @Test
    void storedObjectsCanBeReadSizedAndDeleted() throws IOException {
        String key = "attachments/" + random() + "/feed.jpg";
        byte[] jpeg = TestImages.jpeg(40, 30);

        store.put(key, jpeg, "image/jpeg");

        try (InputStream in = store.open(key)) {
            assertThat(in.readAllBytes()).isEqualTo(jpeg);
        }
        assertThat(store.size(key)).hasValue(jpeg.length);

        store.delete(key);

        assertThat(store.size(key)).isEmpty();
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(MediaNotFoundException.class);
    }

    @Test
    void deletingWhatIsNotThereIsNotAnError() {
        store.delete("attachments/" + random() + "/feed.jpg");
    }

    @Test
    void urlsAreUnderTheBucketsAddress() {
        assertThat(store.url("attachments/abc/feed.jpg")).isEqualTo(objectUrl("attachments/abc/feed.jpg"));
    }

    @Test
    void publicObjectsAreReadableAnonymouslyAndCachedForAYearAsImmutable() throws Exception {
        String key = "attachments/" + random() + "/thumb.jpg";
        byte[] jpeg = TestImages.jpeg(40, 30);
        store.put(key, jpeg, "image/jpeg");

        HttpResponse<byte[]> response = anonymousGet(store.url(key));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(jpeg);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
    }

    @Test
    void privateObjectsAreRefusedAnonymouslyAndHaveNoUrl() throws Exception {
        String key = "private/originals/" + random() + ".jpg";
        store.put(key, TestImages.phoneJpeg(40, 30, 1), "image/jpeg");

        assertThat(anonymousGet(objectUrl(key)).statusCode()).isEqualTo(403);
        assertThatThrownBy(() -> store.url(key)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.size(key)).isPresent();
    }

    @Test
    void theServerDoesNotServeMediaItselfWithObjectStorage() {
        assertThat(api().get("/media/attachments/abc/feed.jpg", null).status()).isEqualTo(404);
    }

    private static HttpResponse<byte[]> anonymousGet(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String random() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
