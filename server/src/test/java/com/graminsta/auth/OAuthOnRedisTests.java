package com.graminsta.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.platform.cache.Caches;
import com.graminsta.support.QueryCounter;
import com.graminsta.support.TestRedis;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link OAuthTests} again with the cache in Redis (stage 6), where active tokens are cached:
 * each test that uses a token before ending it (revocation, a password change, a reused code)
 * shows the next request refused. And the cache keeps only tokens that exist.
 */
@Import(QueryCounter.class)
class OAuthOnRedisTests extends OAuthTests {

    @Autowired
    QueryCounter queries;
    @Autowired
    Caches caches;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("graminsta.redis.url", TestRedis::url);
        registry.add("graminsta.redis.key-prefix", () -> TestRedis.keyPrefix() + "oauth:");
    }

    @Test
    void activeTokensAreReadFromTheDatabaseOnceAndUnknownOnesEveryTime() {
        assertThat(caches.backend()).isEqualTo("redis");
        TestUser user = users().register();
        assertThat(api().get("/api/v1/accounts/verify_credentials", user.token()).status()).isEqualTo(200);
        long before = tokenReads();
        for (int i = 0; i < 5; i++) {
            assertThat(api().get("/api/v1/accounts/verify_credentials", user.token()).status()).isEqualTo(200);
        }
        assertThat(tokenReads() - before).isZero();

        String unknown = Secrets.generate();
        for (int i = 0; i < 3; i++) {
            assertThat(api().get("/api/v1/accounts/verify_credentials", unknown).status()).isEqualTo(401);
        }
        assertThat(tokenReads() - before).isEqualTo(3);
    }

    private long tokenReads() {
        return queries.count(sql -> sql.contains("FROM oauth_access_tokens") && sql.contains("token_hash = ?"));
    }
}
