package com.graminsta.streaming;

import com.graminsta.platform.redis.Redis;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WebSocket endpoint, open to every origin as Mastodon's is: tokens never travel in cookies,
 * so another site's page can do nothing with a socket it opens that it could not do with fetch.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class StreamingConfiguration implements WebSocketConfigurer {

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

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new StreamingWebSocket(connections, channels, json), "/api/v1/streaming")
                .setHandshakeHandler(new StreamingWebSocket.FirstProtocol())
                .addInterceptors(new StreamingWebSocket.Authentication(tokens))
                .setAllowedOriginPatterns("*");
    }
}
