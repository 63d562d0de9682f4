package com.graminsta.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import com.graminsta.platform.database.PrimaryReads;
import com.graminsta.platform.redis.Redis;
import com.graminsta.platform.redis.RedisSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Which backend the settings choose, decided when the server starts (never by bean conditions). */
class CachesTests {

    /** Nothing listens here: choosing a backend must not connect to anything. */
    private final DriverManagerDataSource database = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none");

    @Test
    void theInProcessCacheIsTheDefault() {
        assertThat(caches("", null, List.of()).backend()).isEqualTo("local");
    }

    @Test
    void aRedisUrlOrClusterNodesChooseRedis() {
        assertThat(caches("", "redis://127.0.0.1:1", List.of()).backend()).isEqualTo("redis");
        assertThat(caches("", null, List.of("127.0.0.1:1", "127.0.0.1:2")).backend()).isEqualTo("redis");
    }

    @Test
    void theSettingWinsOverTheDefault() {
        assertThat(caches("local", "redis://127.0.0.1:1", List.of()).backend()).isEqualTo("local");
    }

    @Test
    void redisWithoutAnAddressOrAnUnknownBackendStopsTheStartWithTheSettingsName() {
        assertThatThrownBy(() -> caches("redis", null, List.of()))
                .hasMessageContaining("GRAMINSTA_CACHE").hasMessageContaining("GRAMINSTA_REDIS_URL");
        assertThatThrownBy(() -> caches("memcached", null, List.of()))
                .hasMessageContaining("GRAMINSTA_CACHE").hasMessageContaining("'memcached'");
    }

    @Test
    void aCacheNameIsTakenOnce() {
        Caches caches = caches("local", null, List.of());
        caches.cache("account", String.class, Duration.ofSeconds(30));
        assertThatThrownBy(() -> caches.cache("account", String.class, Duration.ofSeconds(30)))
                .hasMessageContaining("account");
    }

    private Caches caches(String backend, String url, List<String> nodes) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Redis redis = new Redis(new RedisSettings(url, nodes, Duration.ofMillis(100), "graminsta:"), meters);
        return new Caches(backend, redis, database, JdbcClient.create(database), meters, PrimaryReads.DIRECT);
    }
}
