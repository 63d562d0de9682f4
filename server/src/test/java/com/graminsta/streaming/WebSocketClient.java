package com.graminsta.streaming;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JDK's WebSocket client against the server, keeping every text frame it receives. Public for
 * the tests of what closes a stream elsewhere (a token revoked by the OAuth flow).
 */
public final class WebSocketClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WebSocketClient(WebSocket.Builder builder, URI uri) {
        this.socket = builder.buildAsync(uri, new Listener()).join();
    }

    /** Opens {@code /api/v1/streaming?query} with the token in the Authorization header (null: none). */
    public static WebSocketClient open(int port, String query, String token) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return new WebSocketClient(builder, uri(port, query));
    }

    /** Opens it with the token as the WebSocket protocol, as browsers send it. */
    static WebSocketClient withProtocol(int port, String query, String token) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().subprotocols(token);
        return new WebSocketClient(builder, uri(port, query));
    }

    static URI uri(int port, String query) {
        return URI.create("ws://127.0.0.1:" + port + "/api/v1/streaming" + (query.isEmpty() ? "" : "?" + query));
    }

    String protocol() {
        return socket.getSubprotocol();
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    void subscribe(String stream) {
        send("{\"type\":\"subscribe\",\"stream\":\"" + stream + "\"}");
    }

    /** The next frame; fails after the wait. */
    JsonNode next() {
        return next(Duration.ofSeconds(10));
    }

    private JsonNode next(Duration wait) {
        try {
            JsonNode frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("No frame within " + wait);
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame of this event, skipping others (a like is also a status.update, say). */
    public JsonNode next(String event) {
        return next(event, Duration.ofSeconds(10));
    }

    /** The next frame of this event, which must come within {@code wait}. */
    JsonNode next(String event, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            JsonNode frame = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event.equals(frame.path("event").asString(""))) {
                return frame;
            }
        }
    }

    /** Nothing at all arrives within the wait. */
    JsonNode poll(Duration wait) {
        try {
            return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The close code the server sent, once it closes. */
    public int awaitClose() {
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    static JsonNode payload(JsonNode frame) {
        return JSON.readTree(frame.get("payload").asString());
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                frames.add(JSON.readTree(text.toString()));
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
