package com.graminsta.platform.database;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the database is. With no {@code url} (stage 1) the server runs an embedded PostgreSQL
 * under the data directory; with one ({@code GRAMINSTA_DATABASE_URL}, stage 2 on) it uses that.
 *
 * @param replicaUrls stage 6: JDBC URLs of streaming replicas of that database, comma-separated
 *                    ({@code GRAMINSTA_DATABASE_REPLICA_URLS}); read-only transactions go to them
 *                    (same user and password). None: everything runs on the primary.
 * @param replicaMaxLag a replica further behind the primary than this leaves the rotation until
 *                      it catches up ({@code GRAMINSTA_DATABASE_REPLICA_MAX_LAG}); under 30 s,
 *                      how long a write keeps its writer's reads on the primary
 * @param replicaCheckInterval how often each replica's health and lag are checked
 */
@ConfigurationProperties("graminsta.database")
public record DatabaseSettings(
        String url,
        @DefaultValue("graminsta") String username,
        String password,
        @DefaultValue("20") int maxPoolSize,
        List<String> replicaUrls,
        @DefaultValue("10s") Duration replicaMaxLag,
        @DefaultValue("1s") Duration replicaCheckInterval) {

    public DatabaseSettings {
        replicaUrls = replicaUrls == null ? List.of() : replicaUrls.stream().map(String::strip).filter(u -> !u.isEmpty()).toList();
    }

    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
