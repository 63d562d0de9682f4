package com.graminsta.feed;

import java.util.List;

import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.Params;
import com.graminsta.posts.StatusJson;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The timelines. Home is the signed-in user's own; the others anyone may read, and a token, if
 * sent, must allow reading statuses.
 */
@RestController
class TimelineController {

    private final TimelineService timelines;

    TimelineController(TimelineService timelines) {
        this.timelines = timelines;
    }

    @GetMapping(path = "/api/v1/timelines/home", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:statuses')")
    ResponseEntity<List<StatusJson>> home(@AuthenticationPrincipal Caller caller, @Params TimelineParams params) {
        long viewer = caller.account();
        return timelines.home(viewer, params.paging()).response();
    }

    @GetMapping(path = "/api/v1/timelines/public", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("isAnonymous() or hasAuthority('SCOPE_read:statuses')")
    ResponseEntity<List<StatusJson>> publicPosts(@AuthenticationPrincipal Caller caller,
                                                 @Params TimelineParams params) {
        if (params.wantsRemote()) {
            return StatusPage.empty().response();
        }
        return timelines.publicPosts(Caller.viewer(caller), params.paging(), params.wantsOnlyMedia()).response();
    }

    @GetMapping(path = "/api/v1/timelines/tag/{hashtag}", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("isAnonymous() or hasAuthority('SCOPE_read:statuses')")
    ResponseEntity<List<StatusJson>> tagged(@AuthenticationPrincipal Caller caller, @PathVariable String hashtag,
                                            @Params TimelineParams params) {
        String tag = hashtag.startsWith("#") ? hashtag.substring(1) : hashtag;
        if (params.wantsRemote() || tag.isEmpty()) {
            return StatusPage.empty().response();
        }
        return timelines.tagged(tag, Caller.viewer(caller), params.paging(), params.wantsOnlyMedia()).response();
    }

    @GetMapping(path = "/api/v1/accounts/{id}/statuses", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("isAnonymous() or hasAuthority('SCOPE_read:statuses')")
    ResponseEntity<List<StatusJson>> byAccount(@AuthenticationPrincipal Caller caller, @PathVariable String id,
                                               @Params TimelineParams params) {
        long accountId = Ids.parse(id);
        Long viewer = Caller.viewer(caller);
        if (params.wantsPinned()) {
            return timelines.pinned(accountId, viewer).response();
        }
        return timelines.byAccount(accountId, viewer, params.paging(), params.wantsOnlyMedia(), params.wantsNoReplies())
                .response();
    }
}
