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

/** Following an account, and the public lists of who follows whom. */
@RestController
@RequestMapping(path = "/api/v1/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
class FollowController {

    private final SocialGraph graph;

    FollowController(SocialGraph graph) {
        this.graph = graph;
    }

    /** Mastodon's {@code reblogs}, {@code notify} and {@code languages} options are accepted and ignored. */
    @PostMapping("/{id}/follow")
    @PreAuthorize("hasAuthority('SCOPE_write:follows')")
    Relationship follow(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long actor = caller.account();
        return graph.follow(actor, Ids.parse(id));
    }

    @PostMapping("/{id}/unfollow")
    @PreAuthorize("hasAuthority('SCOPE_write:follows')")
    Relationship unfollow(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long actor = caller.account();
        return graph.unfollow(actor, Ids.parse(id));
    }

    /** Anyone may read the lists; a token, if sent, must allow reading accounts. */
    @GetMapping("/{id}/followers")
    @PreAuthorize("isAnonymous() or hasAuthority('SCOPE_read:accounts')")
    ResponseEntity<List<AccountJson>> followers(@AuthenticationPrincipal Caller caller, @PathVariable String id,
                                                @Params PageParams page) {
        return graph.followers(Ids.parse(id), Caller.viewer(caller), page.paging()).response();
    }

    @GetMapping("/{id}/following")
    @PreAuthorize("isAnonymous() or hasAuthority('SCOPE_read:accounts')")
    ResponseEntity<List<AccountJson>> following(@AuthenticationPrincipal Caller caller, @PathVariable String id,
                                                @Params PageParams page) {
        return graph.following(Ids.parse(id), Caller.viewer(caller), page.paging()).response();
    }
}
