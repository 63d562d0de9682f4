package com.graminsta.streaming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket client: each event a frame {@code {"stream":[...],"event":...,"payload":"..."}},
 * the payload a JSON document in a string, as Mastodon sends it. The session is one that buffers
 * (a slow reader's frames queue, to a bound, and past it the session ends), so no thread waits on
 * a client.
 */
class WebSocketConnection extends StreamConnection {

    record Frame(List<String> stream, String event, String payload) {
    }

    private final WebSocketSession session;
    private final JsonMapper json;

    WebSocketConnection(WebSocketSession session, Viewer viewer, Channels channels, JsonMapper json) {
        super(viewer, channels);
        this.session = session;
        this.json = json;
    }

    @Override
    void send(List<String> stream, String event, String payload) {
        text(json.writeValueAsString(new Frame(stream, event, payload)));
    }

    /** An error about a subscribe or unsubscribe message, as Mastodon answers it. */
    void error(StreamError error) {
        text(json.writeValueAsString(java.util.Map.of("error", error.getMessage(), "status", error.status())));
    }

    private void text(String text) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.sendMessage(new TextMessage(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    void ping() {
        if (session.isOpen()) {
            try {
                session.sendMessage(new PingMessage(ByteBuffer.allocate(0)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    void close() {
        close(CloseStatus.NORMAL);
    }

    @Override
    void goingAway() {
        close(CloseStatus.GOING_AWAY);
    }

    private void close(CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException e) {
            // Already gone.
        }
    }
}
