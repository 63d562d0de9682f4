package com.graminsta.auth;

import java.util.Optional;

import com.graminsta.accounts.Credentials;
import com.graminsta.platform.ratelimit.RateLimiter;
import org.springframework.stereotype.Service;

/**
 * Password sign-in for both the password grant and the consent page: rate-limited per address
 * and per login name, and silent about whether the name exists.
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
        String name = login == null ? "" : login.strip().toLowerCase();
        rateLimiter.acquire(limits.signInsByAccount(), name.length() > 254 ? name.substring(0, 254) : name);
        return credentials.verify(login, password);
    }
}
