package com.graminsta.auth;

import java.util.Locale;
import java.util.Optional;

import com.graminsta.accounts.Credentials;
import com.graminsta.platform.ratelimit.RateLimiter;
import org.springframework.stereotype.Service;

/**
 * Password sign-in for both the password grant and the consent page: rate-limited per address
 * and per account (username and email share one bucket; a name that matches nobody has its own),
 * and silent about whether the name exists. The rule and why: docs/decisions/0013.
 */
@Service
class SignIn {

    private final Credentials credentials;
    private final RateLimiter rateLimiter;
    private final AuthLimits limits;

    SignIn(Credentials credentials, RateLimiter rateLimiter, AuthLimits limits) {
        this.credentials = credentials;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
    }

    Optional<Long> attempt(String login, String password, String clientAddress) {
        rateLimiter.acquire(limits.signInsByAddress(), clientAddress);
        rateLimiter.acquire(limits.signInsByAccount(), accountKey(login));
        return credentials.verify(login, password);
    }

    /**
     * A guess at the current password by a signed-in session. The session's own bucket bounds a
     * stolen token; the guess also drains the account's sign-in bucket, so sessions and sign-ins
     * share one budget, but an empty account bucket does not stop the owner's own session.
     */
    void checkingPassword(long accountId, long sessionId) {
        rateLimiter.acquire(limits.passwordChecksBySession(), Long.toString(sessionId));
        rateLimiter.tryAcquire(limits.signInsByAccount(), "account:" + accountId);
    }

    private String accountKey(String login) {
        return credentials.accountFor(login)
                .map(id -> "account:" + id)
                .orElseGet(() -> {
                    String name = login == null ? "" : login.strip().toLowerCase(Locale.ROOT);
                    return "login:" + (name.length() > 254 ? name.substring(0, 254) : name);
                });
    }
}
