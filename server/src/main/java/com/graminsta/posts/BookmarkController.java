package com.graminsta.posts;

import java.util.List;

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

/** Bookmarks, as Mastodon has them: private, on any status one may see, listed newest first. */
@RestController
class BookmarkController {

    /** Mastodon's page sizes for the list. */
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 40;

    private final BookmarkService service;

    BookmarkController(BookmarkService service) {
        this.service = service;
    }

    @PostMapping(path = "/api/v1/statuses/{id}/bookmark", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:bookmarks')")
    StatusJson bookmark(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long actor = caller.account();
        return service.bookmark(actor, Ids.parse(id));
    }

    @PostMapping(path = "/api/v1/statuses/{id}/unbookmark", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:bookmarks')")
    StatusJson unbookmark(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long actor = caller.account();
        return service.unbookmark(actor, Ids.parse(id));
    }

    @GetMapping(path = "/api/v1/bookmarks", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:bookmarks')")
    ResponseEntity<List<StatusJson>> bookmarks(@AuthenticationPrincipal Caller caller, @Params PageParams page) {
        long viewer = caller.account();
        return service.bookmarked(viewer, page.paging(DEFAULT_LIMIT, MAX_LIMIT)).response();
    }
}
