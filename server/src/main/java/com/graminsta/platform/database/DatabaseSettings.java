package com.graminsta.platform.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the database is. With no {@code url} (stage 1) the server runs an embedded PostgreSQL
 * under the data directory; with one ({@code GRAMINSTA_DATABASE_URL}, stage 2 on) it uses that.
 */
@ConfigurationProperties("graminsta.database")
public record DatabaseSettings(
        String url,
        @DefaultValue("graminsta") String username,
        String password,
        @DefaultValue("20") int maxPoolSize) {

    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
