package com.graminsta.streaming;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket client: each event a frame {@code {"stream":[...],"event":...,"payload":"..."}},
 * the payload a JSON document in a string, as Mastodon sends it.
 *
 * <p>No thread that delivers events waits on a client: frames go into this connection's own
 * queue, and a virtual thread of its own writes them, in order, while there are any. A client
 * that does not read fills its socket, then the queue: past {@link #QUEUE_LIMIT} unsent bytes, or
 * one frame unsent for {@link #SEND_TIME_LIMIT}, the connection is dropped, and the client
 * reconnects and refetches what it missed, as after any drop.
 */
class WebSocketConnection extends StreamConnection {

    record Frame(List<String> stream, String event, String payload) {
    }

    private static final Logger log = LoggerFactory.getLogger(WebSocketConnection.class);

    static final long QUEUE_LIMIT = 1024 * 1024;
    static final Duration SEND_TIME_LIMIT = Duration.ofSeconds(10);
    /** Tomcat's bound on one blocking write, read from the session's user properties (20 s by default). */
    private static final String TOMCAT_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final WebSocketSession session;
    private final JsonMapper json;
    private final Queue<WebSocketMessage<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final Connections connections;

    WebSocketConnection(WebSocketSession session, Viewer viewer, Channels channels, JsonMapper json,
                        Connections connections) {
        super(viewer, channels);
        this.session = session;
        this.json = json;
        this.connections = connections;
        if (session instanceof NativeWebSocketSession wrapper
                && wrapper.getNativeSession() instanceof jakarta.websocket.Session tomcat) {
            tomcat.getUserProperties().put(TOMCAT_SEND_TIMEOUT, SEND_TIME_LIMIT.toMillis());
        }
    }

    @Override
    void send(List<String> stream, String event, String payload) {
        enqueue(new TextMessage(json.writeValueAsString(new Frame(stream, event, payload))));
    }

    /** An error about a subscribe or unsubscribe message, as Mastodon answers it. */
    void error(StreamError error) {
        enqueue(new TextMessage(json.writeValueAsString(Map.of("error", error.getMessage(), "status", error.status()))));
    }

    @Override
    void ping() {
        enqueue(new PingMessage(ByteBuffer.allocate(0)));
    }

    private void enqueue(WebSocketMessage<?> message) {
        if (dropped.get() || !session.isOpen()) {
            return;
        }
        if (queued.addAndGet(message.getPayloadLength()) > QUEUE_LIMIT) {
            drop("more than " + QUEUE_LIMIT + " bytes unsent");
            return;
        }
        queue.add(message);
        if (writing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("streaming-send").start(this::write);
        }
    }

    /** Writes what is queued, until nothing is; one writer at a time, so frames keep their order. */
    private void write() {
        do {
            WebSocketMessage<?> message;
            while ((message = queue.poll()) != null) {
                queued.addAndGet(-message.getPayloadLength());
                if (dropped.get()) {
                    continue;
                }
                try {
                    session.sendMessage(message);
                } catch (IOException | RuntimeException e) {
                    drop("a frame could not be sent: " + e.getMessage());
                }
            }
            writing.set(false);
            // A frame queued after the last poll, but before the flag was cleared, is written now.
        } while (!queue.isEmpty() && writing.compareAndSet(false, true));
    }

    /**
     * Ends a connection the client does not keep up with. The close may wait on the stalled socket
     * (at most {@link #SEND_TIME_LIMIT}), so never on the thread that found it.
     */
    private void drop(String why) {
        if (dropped.compareAndSet(false, true)) {
            log.info("Dropped a streaming client that does not keep up: {}", why);
            queue.clear();
            // Ended here at once, no longer counted or listening: the close below waits on the
            // stalled socket (a frame being sent, then the close frame, each up to SEND_TIME_LIMIT).
            connections.ended(this);
            Thread.ofVirtual().name("streaming-drop").start(() -> close(CloseStatus.SESSION_NOT_RELIABLE.withReason("Too slow")));
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
