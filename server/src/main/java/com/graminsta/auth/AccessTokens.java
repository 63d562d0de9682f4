package com.graminsta.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import com.graminsta.platform.security.Scopes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Issued access tokens, found by the hash of what the client presents. */
@Repository
class AccessTokens {

    private final JdbcClient jdbc;

    AccessTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        return jdbc.sql("""
                        SELECT id, app_id, account_id, scopes FROM oauth_access_tokens
                        WHERE token_hash = :hash AND revoked_at IS NULL""")
                .param("hash", Secrets.hash(token))
                .query((row, n) -> new Active(row.getLong("id"), row.getLong("app_id"),
                        (Long) row.getObject("account_id"), Scopes.parse(row.getString("scopes"))))
                .optional();
    }

    /** Revokes the token if this app issued it; unknown tokens are ignored, as RFC 7009 asks. */
    void revoke(String token, long appId) {
        jdbc.sql("UPDATE oauth_access_tokens SET revoked_at = now() WHERE token_hash = :hash AND app_id = :appId AND revoked_at IS NULL")
                .param("hash", Secrets.hash(token == null ? "" : token))
                .param("appId", appId)
                .update();
    }

    /** Ends every session of the account but one: after a password change, other devices sign in again. */
    int revokeAllExcept(long accountId, long keptTokenId) {
        return jdbc.sql("""
                        UPDATE oauth_access_tokens SET revoked_at = now()
                        WHERE account_id = :accountId AND id <> :kept AND revoked_at IS NULL""")
                .param("accountId", accountId)
                .param("kept", keptTokenId)
                .update();
    }
}
