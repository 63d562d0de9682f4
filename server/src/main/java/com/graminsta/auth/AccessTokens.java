package com.graminsta.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.graminsta.platform.cache.Cache;
import com.graminsta.platform.cache.Caches;
import com.graminsta.platform.security.Scopes;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Issued access tokens, found by the hash of what the client presents. Every API request looks
 * its token up, so active tokens are cached by hash where all instances share the cache (Redis;
 * {@link Caches#sharedCache}): every statement that revokes one evicts it after its commit, so
 * the next request with it is refused on every instance. Unknown and revoked tokens are never
 * cached, so random tokens cannot fill the cache. Revoking one also says so with
 * {@link AccessTokensRevoked}, so that what holds it open (streaming connections) can end.
 */
@Repository
class AccessTokens {

    /** How long an active token may still be accepted if its revocation's eviction is lost. */
    static final Duration CACHED_FOR = Duration.ofSeconds(10);

    private final JdbcClient jdbc;
    private final Cache<String, Active> cache;
    private final ApplicationEventPublisher events;

    AccessTokens(JdbcClient jdbc, Caches caches, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        this.cache = caches.sharedCache("access-token", Active.class, CACHED_FOR);
    }

    record Issued(long id, String token, Set<String> scopes, Instant createdAt) {
    }

    record Active(long id, long appId, Long accountId, Set<String> scopes) {
    }

    Issued issue(long appId, Long accountId, Set<String> scopes) {
        String token = Secrets.generate();
        return jdbc.sql("""
                        INSERT INTO oauth_access_tokens (id, token_hash, app_id, account_id, scopes)
                        VALUES (next_id(0), :hash, :appId, :accountId, :scopes)
                        RETURNING id, created_at""")
                .param("hash", Secrets.hash(token))
                .param("appId", appId)
                .param("accountId", accountId)
                .param("scopes", Scopes.format(scopes))
                .query((row, n) -> new Issued(row.getLong("id"), token, scopes, row.getTimestamp("created_at").toInstant()))
                .single();
    }

    Optional<Active> findActive(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        byte[] hash = Secrets.hash(token);
        return Optional.ofNullable(cache.get(key(hash), () -> jdbc.sql("""
                        SELECT id, app_id, account_id, scopes FROM oauth_access_tokens
                        WHERE token_hash = :hash AND revoked_at IS NULL""")
                .param("hash", hash)
                .query((row, n) -> new Active(row.getLong("id"), row.getLong("app_id"),
                        (Long) row.getObject("account_id"), Scopes.parse(row.getString("scopes"))))
                .optional()
                .orElse(null)));
    }

    /** Revokes the token if this app issued it; unknown tokens are ignored, as RFC 7009 asks. */
    void revoke(String token, long appId) {
        revokedAll(jdbc.sql("""
                        UPDATE oauth_access_tokens SET revoked_at = now()
                        WHERE token_hash = :hash AND app_id = :appId AND revoked_at IS NULL
                        RETURNING id, token_hash""")
                .param("hash", Secrets.hash(token == null ? "" : token))
                .param("appId", appId)
                .query(Revoked::of)
                .list());
    }

    /** Ends every session of the account but one: after a password change, other devices sign in again. */
    int revokeAllExcept(long accountId, long keptTokenId) {
        return revokedAll(jdbc.sql("""
                        UPDATE oauth_access_tokens SET revoked_at = now()
                        WHERE account_id = :accountId AND id <> :kept AND revoked_at IS NULL
                        RETURNING id, token_hash""")
                .param("accountId", accountId)
                .param("kept", keptTokenId)
                .query(Revoked::of)
                .list());
    }

    /** A token a statement revoked: {@code RETURNING id, token_hash}. */
    record Revoked(long id, byte[] hash) {
        static Revoked of(java.sql.ResultSet row, int n) throws java.sql.SQLException {
            return new Revoked(row.getLong("id"), row.getBytes("token_hash"));
        }
    }

    /**
     * Called with what every statement that revokes tokens returned: each is refused once that
     * commits, and its connections end ({@link AccessTokensRevoked}).
     */
    int revokedAll(List<Revoked> tokens) {
        tokens.forEach(token -> revoked(token.hash()));
        if (!tokens.isEmpty()) {
            events.publishEvent(new AccessTokensRevoked(tokens.stream().map(Revoked::id).toList()));
        }
        return tokens.size();
    }

    private void revoked(byte[] tokenHash) {
        cache.evictAfterCommit(key(tokenHash));
    }

    private static String key(byte[] tokenHash) {
        return HexFormat.of().formatHex(tokenHash);
    }
}
