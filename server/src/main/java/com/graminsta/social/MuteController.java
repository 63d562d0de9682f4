package com.graminsta.social;

import java.util.List;

import com.graminsta.accounts.AccountJson;
import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.security.Caller;
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
     * Mastodon's mute options. {@code duration} (a mute that expires) is accepted and ignored:
     * mutes here last until undone.
     */
    record MuteOptions(Boolean notifications) {

        boolean hideNotifications() {
            return notifications == null || notifications;
        }
    }

    @PostMapping(path = "/api/v1/accounts/{id}/mute", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:mutes')")
    Relationship mute(@AuthenticationPrincipal Caller caller, @PathVariable String id, @Params MuteOptions options) {
        long actor = caller.account();
        return graph.mute(actor, Ids.parse(id), options.hideNotifications());
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
