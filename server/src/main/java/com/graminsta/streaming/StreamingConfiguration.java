package com.graminsta.streaming;

import com.graminsta.platform.redis.Redis;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WebSocket endpoint, open to every origin as Mastodon's is: tokens never travel in cookies,
 * so another site's page can do nothing with a socket it opens that it could not do with fetch.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class StreamingConfiguration implements WebSocketConfigurer {

    /**
     * What a client may send in one message: a subscribe or unsubscribe is well under 200
     * characters, and nothing else is read. Tomcat gives every socket a buffer of this size for
     * incoming text, and another for binary messages, which are refused anyway (1003); its
     * defaults (8,192 of each, 24 KB) were a third of what an idle socket held in the heap
     * (loadtest/streaming, docs/decisions/0034). A longer message closes the socket with 1009.
     */
    static final int MAX_TEXT_MESSAGE_CHARS = 1024;
    static final int MAX_BINARY_MESSAGE_BYTES = 128;

    private final Connections connections;
    private final Channels channels;
    private final StreamTokens tokens;
    private final JsonMapper json;

    StreamingConfiguration(Connections connections, Channels channels, StreamTokens tokens, JsonMapper json) {
        this.connections = connections;
        this.channels = channels;
        this.tokens = tokens;
        this.json = json;
    }

    /**
     * In one process, in-process; with Redis configured (stage 6 on, several instances), through
     * Redis pub/sub. {@code GRAMINSTA_STREAMING_TRANSPORT} (local or redis) overrides the choice.
     */
    @Bean
    static StreamTransport streamTransport(StreamingSettings settings, Redis redis) {
        String transport = settings.transport() == null || settings.transport().isBlank()
                ? (redis.configured() ? "redis" : "local") : settings.transport();
        return switch (transport) {
            case "local" -> new LocalTransport();
            case "redis" -> new RedisTransport(redis);
            default -> throw new IllegalStateException(
                    "graminsta.streaming.transport is local or redis, not " + settings.transport());
        };
    }

    @Bean
    static ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(MAX_TEXT_MESSAGE_CHARS);
        container.setMaxBinaryMessageBufferSize(MAX_BINARY_MESSAGE_BYTES);
        return container;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new StreamingWebSocket(connections, channels, json), "/api/v1/streaming")
                .setHandshakeHandler(new StreamingWebSocket.FirstProtocol())
                .addInterceptors(new StreamingWebSocket.Authentication(tokens))
                .setAllowedOriginPatterns("*");
    }
}
