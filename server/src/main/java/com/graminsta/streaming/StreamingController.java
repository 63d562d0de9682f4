package com.graminsta.streaming;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The streaming API's plain HTTP side: server-sent events, one stream per path as Mastodon names
 * them ({@code only_media=true} picks the media variant of the public streams), and the health
 * check Mastodon's streaming server answers.
 */
@RestController
class StreamingController {

    private static final String BASE = "/api/v1/streaming";

    private final StreamTokens tokens;
    private final Channels channels;
    private final Connections connections;

    StreamingController(StreamTokens tokens, Channels channels, Connections connections) {
        this.tokens = tokens;
        this.channels = channels;
        this.connections = connections;
    }

    /**
     * OK while events from other processes reach this one; 503 while its Redis subscription is
     * down (it comes back by itself), so a balancer in front of the streaming tier sends new
     * clients to an instance that will get their events.
     */
    @GetMapping(path = BASE + "/health", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> health() {
        return channels.ready() ? ResponseEntity.ok("OK")
                : ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("NOT OK: Redis is unreachable");
    }

    @GetMapping(path = {BASE + "/user", BASE + "/user/notification", BASE + "/public", BASE + "/public/local",
            BASE + "/public/remote", BASE + "/hashtag", BASE + "/hashtag/local", BASE + "/direct", BASE + "/list",
            BASE + "/{unknown}", BASE + "/{unknown}/{more}"})
    ResponseEntity<SseEmitter> events(HttpServletRequest request) {
        String name = streamName(request.getRequestURI().substring(BASE.length()),
                "true".equalsIgnoreCase(request.getParameter("only_media")) || "1".equals(request.getParameter("only_media")));
        if (name == null) {
            throw StreamError.badRequest("Unknown channel requested");
        }
        Viewer viewer = tokens.viewer(request);
        Stream stream = Stream.resolve(name, request.getParameter("tag"), request.getParameter("list"), viewer);
        // No timeout: the stream lasts as long as the client stays.
        SseEmitter emitter = new SseEmitter(0L);
        EventStreamConnection connection = new EventStreamConnection(emitter, viewer, channels);
        emitter.onCompletion(() -> connections.ended(connection));
        emitter.onError(error -> connections.ended(connection));
        emitter.onTimeout(() -> connections.ended(connection));
        connection.greet();
        connections.opened(connection);
        connection.subscribe(stream);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.TEXT_EVENT_STREAM).body(emitter);
    }

    /** Mastodon's answer for a stream that cannot be had: its status, and {@code {"error": ...}}. */
    @ExceptionHandler(StreamError.class)
    ResponseEntity<Map<String, String>> refused(StreamError error) {
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", error.getMessage()));
    }

    private static String streamName(String path, boolean onlyMedia) {
        return switch (path) {
            case "/user" -> "user";
            case "/user/notification" -> "user:notification";
            case "/public" -> onlyMedia ? "public:media" : "public";
            case "/public/local" -> onlyMedia ? "public:local:media" : "public:local";
            case "/public/remote" -> onlyMedia ? "public:remote:media" : "public:remote";
            case "/hashtag" -> "hashtag";
            case "/hashtag/local" -> "hashtag:local";
            case "/direct" -> "direct";
            case "/list" -> "list";
            default -> null;
        };
    }
}
