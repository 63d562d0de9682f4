package com.graminsta.social;

import java.time.Duration;
import java.util.List;

import com.graminsta.accounts.AccountJson;
import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.ApiException;
import com.graminsta.platform.web.Params;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Muting accounts, and the list of those one mutes. */
@RestController
class MuteController {

    private final SocialGraph graph;

    MuteController(SocialGraph graph) {
        this.graph = graph;
    }

    /**
     * The longest mute with an end. Mastodon sets none; clients offer a week or so, and an end
     * further off than a year is a typo or a mute meant to last, which 0 says.
     */
    static final Duration MAX_DURATION = Duration.ofDays(365);

    /**
     * Mastodon's mute options: whether notifications are hidden too (yes unless told otherwise),
     * and how many seconds the mute lasts (0, empty or absent: until undone).
     */
    record MuteOptions(Boolean notifications, String duration) {

        boolean hideNotifications() {
            return notifications == null || notifications;
        }

        /** How long the mute lasts; null for a mute until undone. */
        Duration expiresAfter() {
            if (duration == null || duration.isBlank()) {
                return null;
            }
            long seconds;
            try {
                seconds = Long.parseLong(duration.strip());
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (seconds < 0 || seconds > MAX_DURATION.toSeconds()) {
                throw ApiException.unprocessable("Validation failed: Duration must be a whole number of seconds from 0"
                        + " (no end) to " + MAX_DURATION.toSeconds());
            }
            return seconds == 0 ? null : Duration.ofSeconds(seconds);
        }
    }

    @PostMapping(path = "/api/v1/accounts/{id}/mute", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:mutes')")
    Relationship mute(@AuthenticationPrincipal Caller caller, @PathVariable String id, @Params MuteOptions options) {
        long actor = caller.account();
        return graph.mute(actor, Ids.parse(id), options.hideNotifications(), options.expiresAfter());
    }

    @PostMapping(path = "/api/v1/accounts/{id}/unmute", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:mutes')")
    Relationship unmute(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long actor = caller.account();
        return graph.unmute(actor, Ids.parse(id));
    }

    @GetMapping(path = "/api/v1/mutes", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:mutes')")
    ResponseEntity<List<AccountJson>> list(@AuthenticationPrincipal Caller caller, @Params PageParams page) {
        long actor = caller.account();
        return graph.muted(actor, page.paging()).response();
    }
}
