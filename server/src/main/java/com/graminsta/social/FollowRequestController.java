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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A locked account's answers to those who ask to follow it. Ids in paths are the requesters' account ids. */
@RestController
@RequestMapping(path = "/api/v1/follow_requests", produces = MediaType.APPLICATION_JSON_VALUE)
class FollowRequestController {

    private final SocialGraph graph;

    FollowRequestController(SocialGraph graph) {
        this.graph = graph;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_read:follows')")
    ResponseEntity<List<AccountJson>> list(@AuthenticationPrincipal Caller caller, @Params PageParams page) {
        long actor = caller.account();
        return graph.followRequests(actor, page.paging()).response();
    }

    @PostMapping("/{id}/authorize")
    @PreAuthorize("hasAuthority('SCOPE_write:follows')")
    Relationship authorize(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long actor = caller.account();
        return graph.authorize(actor, Ids.parse(id));
    }

    @PostMapping("/{id}/reject")
    @PreAuthorize("hasAuthority('SCOPE_write:follows')")
    Relationship reject(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long actor = caller.account();
        return graph.reject(actor, Ids.parse(id));
    }
}
