package com.graminsta.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.graminsta.support.TestUsers.TestUser;
import org.awaitility.Awaitility;

/** Photos uploaded through the API, as a client uploads them before posting. */
public final class Photos {

    private Photos() {
    }

    /** A small photo the owner uploaded, once processed: a post takes only finished photos. */
    public static String processed(Api api, TestUser owner) {
        Api.Response upload = api.multipart("POST", "/api/v2/media", owner.token(),
                Map.of("file", new Api.FilePart("photo.jpg", "image/jpeg", TestImages.jpeg(48, 32))));
        assertThat(upload.status()).as(upload.toString()).isIn(200, 202);
        String id = upload.json().get("id").asString();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> api.get("/api/v1/media/" + id, owner.token()).status() == 200);
        return id;
    }
}
