package com.graminsta.platform.redis;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Redis is, from stage 6. {@code graminsta.redis.url} is {@code GRAMINSTA_REDIS_URL}, and so on.
 *
 * @param url one Redis server, as {@code redis://[:password@]host:port[/database]} ({@code rediss://} for TLS)
 * @param nodes several nodes of a Redis Cluster, as {@code host:port} or Redis URLs, comma-separated;
 *              Lettuce learns the rest of the cluster from them. Takes precedence over {@code url}.
 * @param commandTimeout how long one command may take before the caller goes without Redis
 * @param keyPrefix put before every key, so that several deployments (or test runs) can share a Redis
 */
@ConfigurationProperties("graminsta.redis")
public record RedisSettings(
        String url,
        List<String> nodes,
        @DefaultValue("100ms") Duration commandTimeout,
        @DefaultValue("graminsta:") String keyPrefix) {

    public RedisSettings {
        nodes = nodes == null ? List.of() : nodes.stream().map(String::strip).filter(node -> !node.isEmpty()).toList();
    }

    public boolean configured() {
        return cluster() || (url != null && !url.isBlank());
    }

    boolean cluster() {
        return !nodes.isEmpty();
    }
}
