package com.graminsta.posts;

import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.platform.cache.Caches;
import com.graminsta.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link StatusCacheTests} with the cache in Redis (stage 6): the values survive their trip through JSON. */
class StatusCacheOnRedisTests extends StatusCacheTests {

    @Autowired
    Caches caches;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("graminsta.redis.url", TestRedis::url);
        registry.add("graminsta.redis.key-prefix", () -> TestRedis.keyPrefix() + "status-cache:");
    }

    @Test
    void theCacheIsInRedis() {
        assertThat(caches.backend()).isEqualTo("redis");
    }
}
