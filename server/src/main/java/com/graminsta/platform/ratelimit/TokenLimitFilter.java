package com.graminsta.platform.ratelimit;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.ApiErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every API request made with an access token ({@link TokenLimit}) and answers as Mastodon
 * does: {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset} (an ISO 8601 time) on
 * every response, and 429 {@code {"error":"Too many requests"}} once the window is used up, with
 * {@code Retry-After} as well. Goes right after the bearer token's authentication, in the security
 * filter chain, so that it knows the token and runs before any controller.
 */
public final class TokenLimitFilter extends OncePerRequestFilter {

    /** Mastodon's format: microseconds and Z, as Ruby's {@code Time#iso8601(6)} writes it. */
    static final DateTimeFormatter RESET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

    private final TokenLimit limit;
    /** The window's end as sent: the same for every request of a window, so formatted once. */
    private volatile ResetHeader lastReset = new ResetHeader(Instant.EPOCH, RESET.format(Instant.EPOCH));

    public TokenLimitFilter(TokenLimit limit) {
        this.limit = limit;
    }

    private record ResetHeader(Instant reset, String value) {
    }

    private String resetHeader(Instant reset) {
        ResetHeader last = lastReset;
        if (!last.reset().equals(reset)) {
            last = new ResetHeader(reset, RESET.format(reset));
            lastReset = last;
        }
        return last.value();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Caller caller
                && request.getRequestURI().startsWith("/api/")) {
            Quota quota = limit.count(caller.tokenId());
            response.setHeader("X-RateLimit-Limit", Integer.toString(quota.limit()));
            response.setHeader("X-RateLimit-Remaining", Long.toString(quota.remaining()));
            response.setHeader("X-RateLimit-Reset", resetHeader(quota.reset()));
            if (quota.exceeded()) {
                long waitMillis = quota.reset().toEpochMilli() - Instant.now().toEpochMilli();
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (waitMillis + 999) / 1000)));
                ApiErrors.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
