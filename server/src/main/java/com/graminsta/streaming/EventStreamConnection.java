package com.graminsta.streaming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A client of server-sent events: {@code event: update} then {@code data: <payload>}, and a
 * {@code :thump} comment while idle, as Mastodon writes them. The stream's name is the path's,
 * so events carry none.
 */
class EventStreamConnection extends StreamConnection {

    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final SseEmitter emitter;

    EventStreamConnection(SseEmitter emitter, Viewer viewer, Channels channels) {
        super(viewer, channels);
        this.emitter = emitter;
    }

    /** Mastodon's first line, so a client knows at once that the stream is open. */
    void greet() {
        write(SseEmitter.event().comment(")"));
    }

    @Override
    void send(List<String> stream, String event, String payload) {
        write(SseEmitter.event().name(event).data(payload, TEXT));
    }

    @Override
    void thump() {
        write(SseEmitter.event().comment("thump"));
    }

    private synchronized void write(SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            close();
            throw new UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
        }
    }

    @Override
    void close() {
        emitter.complete();
    }

    @Override
    void goingAway() {
        emitter.complete();
    }
}
