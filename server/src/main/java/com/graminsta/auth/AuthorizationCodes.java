package com.graminsta.auth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.graminsta.platform.security.Scopes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Codes handed out by the consent page, each good once and for ten minutes. */
@Repository
class AuthorizationCodes {

    static final Duration LIFETIME = Duration.ofMinutes(10);

    private final JdbcClient jdbc;
    private final AccessTokens tokens;

    AuthorizationCodes(JdbcClient jdbc, AccessTokens tokens) {
        this.jdbc = jdbc;
        this.tokens = tokens;
    }

    record Grant(long appId, long accountId, String redirectUri, Set<String> scopes, String codeChallenge,
                 String codeChallengeMethod) {
    }

    String issue(Grant grant) {
        String code = Secrets.generate();
        jdbc.sql("""
                        INSERT INTO oauth_authorization_codes
                            (code_hash, app_id, account_id, redirect_uri, scopes, code_challenge, code_challenge_method, expires_at)
                        VALUES (:hash, :appId, :accountId, :redirectUri, :scopes, :challenge, :method,
                                now() + make_interval(secs => :lifetime))""")
                .param("hash", Secrets.hash(code))
                .param("appId", grant.appId())
                .param("accountId", grant.accountId())
                .param("redirectUri", grant.redirectUri())
                .param("scopes", Scopes.format(grant.scopes()))
                .param("challenge", grant.codeChallenge())
                .param("method", grant.codeChallengeMethod())
                .param("lifetime", LIFETIME.toSeconds())
                .update();
        return code;
    }

    /**
     * Marks the code used and answers its grant; a code already used or expired gives nothing.
     * Call it in the transaction that issues the token and {@link #recordToken records} it, so a
     * second redemption racing this one waits for the token to be recorded, and can revoke it.
     */
    Optional<Grant> redeem(String code) {
        if (code == null || code.length() > 200) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        UPDATE oauth_authorization_codes SET used_at = now()
                        WHERE code_hash = :hash AND used_at IS NULL AND expires_at > now()
                        RETURNING app_id, account_id, redirect_uri, scopes, code_challenge, code_challenge_method""")
                .param("hash", Secrets.hash(code))
                .query((row, n) -> new Grant(row.getLong("app_id"), row.getLong("account_id"),
                        row.getString("redirect_uri"), Scopes.parse(row.getString("scopes")),
                        row.getString("code_challenge"), row.getString("code_challenge_method")))
                .optional();
    }

    void recordToken(String code, long tokenId) {
        jdbc.sql("UPDATE oauth_authorization_codes SET access_token_id = :token WHERE code_hash = :hash")
                .param("token", tokenId)
                .param("hash", Secrets.hash(code))
                .update();
    }

    /**
     * A code presented again after it was used may have been stolen: the token first issued from
     * it is revoked, as RFC 6749 §4.1.2 asks, and its streams closed as {@code /oauth/revoke}
     * closes them. Answers whether one was.
     */
    boolean revokeTokenOfUsedCode(String code) {
        if (code == null || code.length() > 200) {
            return false;
        }
        return tokens.revokedAll(jdbc.sql("""
                        UPDATE oauth_access_tokens SET revoked_at = now()
                        WHERE revoked_at IS NULL AND id = (SELECT access_token_id FROM oauth_authorization_codes
                                                           WHERE code_hash = :hash AND used_at IS NOT NULL)
                        RETURNING id, token_hash""")
                .param("hash", Secrets.hash(code))
                .query(AccessTokens.Revoked::of)
                .list()) > 0;
    }
}
