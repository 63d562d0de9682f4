package com.graminsta.auth;

import jakarta.servlet.http.HttpServletRequest;
import com.graminsta.accounts.Registrations;
import com.graminsta.platform.ratelimit.RateLimiter;
import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.ApiException;
import com.graminsta.platform.web.Params;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * POST /api/v1/accounts: an app, with its own token, signs a new person up and receives that
 * person's token, as Mastodon does.
 */
@RestController
class SignUpController {

    private final SignUps signUps;
    private final RateLimiter rateLimiter;
    private final AuthLimits limits;

    SignUpController(SignUps signUps, RateLimiter rateLimiter, AuthLimits limits) {
        this.signUps = signUps;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
    }

    record SignUp(String username, String email, String password, Boolean agreement, String locale, String reason) {
    }

    @PostMapping(path = "/api/v1/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:accounts')")
    TokenController.TokenJson signUp(@AuthenticationPrincipal Caller caller, @Params SignUp request,
                                     HttpServletRequest http) {
        if (caller.accountId() != null) {
            throw ApiException.forbidden("This method requires an app token, not a user's");
        }
        // Outside the sign-up transaction: the limiter takes a connection of its own, and holding
        // one while waiting for another lets a burst of sign-ups starve the pool.
        rateLimiter.acquire(limits.registrations(), http.getRemoteAddr());
        if (!Boolean.TRUE.equals(request.agreement())) {
            throw ApiException.unprocessable("Validation failed: Agreement must be accepted");
        }
        return TokenController.TokenJson.of(signUps.signUp(new Registrations.Registration(
                request.username(), request.email(), request.password(), request.locale()), caller.appId(), caller.scopes()));
    }
}
