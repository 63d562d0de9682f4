package com.graminsta.posts;

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

/** Likes: giving and taking back, who liked a status, and what the caller liked. */
@RestController
class FavouriteController {

    /** Mastodon's page sizes for these two lists. */
    static final int LIKERS_DEFAULT_LIMIT = 40;
    static final int LIKERS_MAX_LIMIT = 80;
    static final int FAVOURITES_DEFAULT_LIMIT = 20;
    static final int FAVOURITES_MAX_LIMIT = 40;

    private final FavouriteService service;

    FavouriteController(FavouriteService service) {
        this.service = service;
    }

    @PostMapping(path = "/api/v1/statuses/{id}/favourite", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:favourites')")
    StatusJson favourite(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long actor = caller.account();
        return service.favourite(actor, Ids.parse(id));
    }

    @PostMapping(path = "/api/v1/statuses/{id}/unfavourite", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:favourites')")
    StatusJson unfavourite(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long actor = caller.account();
        return service.unfavourite(actor, Ids.parse(id));
    }

    @GetMapping(path = "/api/v1/statuses/{id}/favourited_by", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("isAnonymous() or hasAuthority('SCOPE_read:accounts')")
    ResponseEntity<List<AccountJson>> favouritedBy(@AuthenticationPrincipal Caller caller, @PathVariable String id,
                                                   @Params PageParams page) {
        return service.likers(Ids.parse(id), Caller.viewer(caller), page.paging(LIKERS_DEFAULT_LIMIT, LIKERS_MAX_LIMIT))
                .response();
    }

    @GetMapping(path = "/api/v1/favourites", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:favourites')")
    ResponseEntity<List<StatusJson>> favourites(@AuthenticationPrincipal Caller caller, @Params PageParams page) {
        long viewer = caller.account();
        return service.liked(viewer, page.paging(FAVOURITES_DEFAULT_LIMIT, FAVOURITES_MAX_LIMIT)).response();
    }
}
