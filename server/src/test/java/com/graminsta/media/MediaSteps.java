package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import tools.jackson.databind.JsonNode;

/** Uploading and waiting for processing through the API, as a Mastodon client does. */
final class MediaSteps {

    static final Duration PROCESSING_WAIT = Duration.ofSeconds(30);

    private final Api api;

    MediaSteps(Api api) {
        this.api = api;
    }

    Api.Response upload(TestUser user, String filename, String contentType, byte[] bytes, Object... fields) {
        return upload(user.token(), filename, contentType, bytes, fields);
    }

    Api.Response upload(String token, String filename, String contentType, byte[] bytes, Object... fields) {
        return upload("/api/v2/media", token, filename, contentType, bytes, fields);
    }

    /** Through the older POST /api/v1/media, which waits for the processing. */
    Api.Response uploadV1(TestUser user, String filename, String contentType, byte[] bytes, Object... fields) {
        return upload("/api/v1/media", user.token(), filename, contentType, bytes, fields);
    }

    Api.Response upload(String path, String token, String filename, String contentType, byte[] bytes, Object... fields) {
        Map<String, Object> parts = new LinkedHashMap<>(Api.form(fields));
        parts.put("file", new Api.FilePart(filename, contentType, bytes));
        return api.multipart("POST", path, token, parts);
    }

    /** Uploads and returns the new media's id, failing unless the upload is accepted. */
    String accepted(TestUser user, String filename, String contentType, byte[] bytes, Object... fields) {
        Api.Response response = upload(user, filename, contentType, bytes, fields);
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.json().get("id").asString();
    }

    /** Polls GET /api/v1/media/:id while it answers 206, as clients do; returns the first other answer. */
    Api.Response awaitProcessed(TestUser user, String id) {
        long deadline = System.nanoTime() + PROCESSING_WAIT.toNanos();
        while (true) {
            Api.Response response = api.get("/api/v1/media/" + id, user.token());
            if (response.status() != 206 || System.nanoTime() > deadline) {
                return response;
            }
            sleep(50);
        }
    }

    /** Uploads, waits, and returns the ready MediaAttachment. */
    JsonNode ready(TestUser user, String filename, String contentType, byte[] bytes, Object... fields) {
        String id = accepted(user, filename, contentType, bytes, fields);
        Api.Response response = awaitProcessed(user, id);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static TestUsers users(Api api) {
        return TestUsers.on(api);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
