package com.graminsta.streaming;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/streaming} over WebSocket, as Mastodon's streaming server speaks it: the token is
 * checked before the upgrade (401 otherwise), a {@code stream} parameter subscribes at once, and
 * {@code {"type":"subscribe"|"unsubscribe","stream":...,"tag":...}} messages do so later. A stream
 * that cannot be had is answered with {@code {"error":...,"status":...}} on the socket, which stays
 * open.
 */
class StreamingWebSocket extends TextWebSocketHandler {

    private static final String VIEWER = "graminsta.viewer";
    private static final String CONNECTION = "graminsta.connection";
    private static final String PARAMETERS = "graminsta.parameters";

    private final Connections connections;
    private final Channels channels;
    private final JsonMapper json;

    StreamingWebSocket(Connections connections, Channels channels, JsonMapper json) {
        this.connections = connections;
        this.channels = channels;
        this.json = json;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        Viewer viewer = (Viewer) session.getAttributes().get(VIEWER);
        WebSocketConnection connection = new WebSocketConnection(session, viewer, channels, json, connections);
        session.getAttributes().put(CONNECTION, connection);
        connections.opened(connection);
        @SuppressWarnings("unchecked")
        Map<String, String> parameters = (Map<String, String>) session.getAttributes().get(PARAMETERS);
        if (parameters.get("stream") != null) {
            subscribe(connection, parameters.get("stream"), parameters.get("tag"), parameters.get("list"));
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        WebSocketConnection connection = (WebSocketConnection) session.getAttributes().get(CONNECTION);
        JsonNode request;
        try {
            request = json.readTree(message.getPayload());
        } catch (JacksonException e) {
            return;
        }
        if (request == null || !request.isObject()) {
            return;
        }
        String type = text(request.get("type"));
        String stream = text(request.get("stream"));
        String tag = text(request.get("tag"));
        String list = text(request.get("list"));
        if ("subscribe".equals(type)) {
            subscribe(connection, stream, tag, list);
        } else if ("unsubscribe".equals(type)) {
            try {
                connection.unsubscribe(Stream.resolve(stream, tag, list, connection.viewer()));
            } catch (StreamError e) {
                connection.error(StreamError.badRequest("Error unsubscribing from channel"));
            }
        }
        // Mastodon ignores any other type.
    }

    private static void subscribe(WebSocketConnection connection, String stream, String tag, String list) {
        try {
            connection.subscribe(Stream.resolve(stream, tag, list, connection.viewer()));
        } catch (StreamError e) {
            connection.error(e);
        }
    }

    /** A string, or the first of an array of them, as Mastodon's {@code firstParam} reads parameters. */
    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            return node.isEmpty() ? null : text(node.get(0));
        }
        return node.isValueNode() ? node.asString() : null;
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        try {
            session.close(CloseStatus.NOT_ACCEPTABLE.withReason("The streaming server does not support binary messages"));
        } catch (java.io.IOException e) {
            // Already gone.
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        StreamConnection connection = (StreamConnection) session.getAttributes().get(CONNECTION);
        if (connection != null) {
            connections.ended(connection);
        }
    }

    /** Checks the token before the upgrade, and keeps the query's stream parameters for after it. */
    static final class Authentication implements HandshakeInterceptor {

        private final StreamTokens tokens;

        Authentication(StreamTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                       Map<String, Object> attributes) {
            HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
            try {
                attributes.put(VIEWER, tokens.viewer(servletRequest));
            } catch (StreamError e) {
                response.setStatusCode(HttpStatus.valueOf(e.status()));
                response.getHeaders().set("X-Error-Message", e.getMessage());
                return false;
            }
            Map<String, String> parameters = new java.util.HashMap<>();
            for (String name : List.of("stream", "tag", "list")) {
                String value = servletRequest.getParameter(name);
                if (value != null) {
                    parameters.put(name, value);
                }
            }
            attributes.put(PARAMETERS, parameters);
            return true;
        }

        @Override
        public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Exception exception) {
        }
    }

    /**
     * Answers with the first protocol the client offered, as Mastodon's server (the {@code ws}
     * library) does: a browser that sent its token as the protocol fails the handshake otherwise.
     */
    static final class FirstProtocol extends DefaultHandshakeHandler {

        @Override
        protected String selectProtocol(List<String> requestedProtocols, WebSocketHandler handler) {
            return requestedProtocols.isEmpty() ? null : requestedProtocols.getFirst();
        }
    }
}
