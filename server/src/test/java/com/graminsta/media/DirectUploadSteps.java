package com.graminsta.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.graminsta.support.Api;
import com.graminsta.support.TestUsers.TestUser;
import tools.jackson.databind.JsonNode;

/** Direct uploads as a browser makes them: ask the API for a URL, PUT the file to the store, complete. */
final class DirectUploadSteps {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Api api;

    DirectUploadSteps(Api api) {
        this.api = api;
    }

    Api.Response start(TestUser user, Object... fields) {
        return api.postForm("/api/graminsta/v1/uploads", user.token(), Api.form(fields));
    }

    /** Starts an upload of {@code size} bytes of {@code contentType}, failing unless it is allowed. */
    JsonNode started(TestUser user, String contentType, long size, Object... fields) {
        Object[] all = new Object[fields.length + 4];
        all[0] = "content_type";
        all[1] = contentType;
        all[2] = "size";
        all[3] = size;
        System.arraycopy(fields, 0, all, 4, fields.length);
        Api.Response response = start(user, all);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** PUTs the bytes to the presigned URL with the given type; returns the store's status. */
    static int put(JsonNode upload, String contentType, byte[] bytes) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(upload.get("url").asString()))
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** PUTs with exactly the headers the API said to send. */
    static int put(JsonNode upload, byte[] bytes) {
        return put(upload, upload.get("headers").get("Content-Type").asString(), bytes);
    }

    Api.Response complete(TestUser user, String id) {
        return api.post("/api/graminsta/v1/uploads/" + id + "/complete", user.token());
    }

    /** Starts, uploads and completes; returns the id of the attachment being processed. */
    String uploaded(TestUser user, String contentType, byte[] bytes, Object... fields) {
        JsonNode upload = started(user, contentType, bytes.length, fields);
        assertThat(put(upload, bytes)).isEqualTo(200);
        Api.Response completed = complete(user, upload.get("id").asString());
        assertThat(completed.status()).as(completed.toString()).isEqualTo(202);
        return completed.json().get("id").asString();
    }
}
