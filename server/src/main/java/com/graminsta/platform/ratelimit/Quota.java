package com.graminsta.platform.ratelimit;

import java.time.Instant;

/**
 * Where a token stands in the current window, as Mastodon reports it in {@code X-RateLimit-*}.
 *
 * @param limit     requests allowed per window
 * @param remaining requests left in this window (0 once refused)
 * @param reset     when the window ends and the count starts again
 * @param exceeded  whether this request was one too many
 */
public record Quota(int limit, long remaining, Instant reset, boolean exceeded) {
}
