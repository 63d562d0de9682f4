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

/** Blocking accounts, and the list of those one blocks. */
@RestController
class BlockController {

    private final SocialGraph graph;

    BlockController(SocialGraph graph) {
        this.graph = graph;
    }

    @PostMapping(path = "/api/v1/accounts/{id}/block", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:blocks')")
    Relationship block(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long actor = caller.account();
        return graph.block(actor, Ids.parse(id));
    }

    @PostMapping(path = "/api/v1/accounts/{id}/unblock", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:blocks')")
    Relationship unblock(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long actor = caller.account();
        return graph.unblock(actor, Ids.parse(id));
    }

    @GetMapping(path = "/api/v1/blocks", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:blocks')")
    ResponseEntity<List<AccountJson>> list(@AuthenticationPrincipal Caller caller, @Params PageParams page) {
        long actor = caller.account();
        return graph.blocked(actor, page.paging()).response();
    }
}
