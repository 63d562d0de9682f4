package com.graminsta.posts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.ApiException;
import com.graminsta.platform.web.Params;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Posting, reading and deleting statuses, and the thread around one. */
@RestController
@RequestMapping(path = "/api/v1/statuses", produces = MediaType.APPLICATION_JSON_VALUE)
class StatusController {

    /** Most statuses GET /api/v1/statuses answers with at once: Mastodon's limit, a page of a timeline. */
    static final int MAX_IDS = 20;

    private final StatusService service;

    StatusController(StatusService service) {
        this.service = service;
    }

    /**
     * Mastodon's POST /api/v1/statuses body. {@code scheduled_at} and {@code poll} are features
     * Graminsta does not have; a request using them is refused rather than half-done.
     */
    record StatusParams(String status, List<String> mediaIds, String visibility, Boolean sensitive, String spoilerText,
                        String inReplyToId, String language, String scheduledAt, Object poll) {

        NewStatus toNewStatus() {
            if (scheduledAt != null && !scheduledAt.isBlank()) {
                throw StatusRules.invalid("Scheduled posts are not supported");
            }
            if (poll != null) {
                throw StatusRules.invalid("Polls are not supported");
            }
            Long replyTo = inReplyToId == null || inReplyToId.isBlank() ? null : Ids.parse(inReplyToId.strip());
            return new NewStatus(status, photoIds(), visibility, sensitive, spoilerText, replyTo, language);
        }

        private List<Long> photoIds() {
            List<Long> ids = new ArrayList<>();
            for (String id : mediaIds == null ? List.<String>of() : mediaIds) {
                try {
                    ids.add(Long.parseLong(id == null ? "" : id.strip()));
                } catch (NumberFormatException e) {
                    // Not an id, so no upload of the caller's: the same answer as for an unknown id.
                    throw StatusRules.invalid("Media not found: " + id);
                }
            }
            return ids;
        }
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_write:statuses')")
    StatusJson create(@AuthenticationPrincipal Caller caller, @Params StatusParams params,
                      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        long author = caller.account();
        return service.create(author, StatusRules.idempotencyKey(idempotencyKey), params.toNewStatus());
    }

    /**
     * Many statuses at once ({@code ?id[]=1&id[]=2}, Mastodon 4.3), in the order asked, each once.
     * Those the caller may not see are left out, as are unknown ids, rather than failing the lot:
     * a client refreshing what it holds learns which have gone.
     */
    @GetMapping
    @PreAuthorize("isAnonymous() or hasAuthority('SCOPE_read:statuses')")
    List<StatusJson> getAll(@AuthenticationPrincipal Caller caller,
                            @RequestParam MultiValueMap<String, String> parameters) {
        return service.getAll(statusIds(parameters), Caller.viewer(caller));
    }

    /**
     * The ids asked for, in order and without repeats. Clients send {@code id[]=1&id[]=2}, some
     * {@code id=1}; anything that is not an id names no status and is skipped like an unknown id.
     */
    static List<Long> statusIds(MultiValueMap<String, String> parameters) {
        List<String> values = new ArrayList<>();
        values.addAll(parameters.getOrDefault("id[]", List.of()));
        values.addAll(parameters.getOrDefault("id", List.of()));
        Set<Long> ids = new LinkedHashSet<>();
        for (String value : values) {
            try {
                ids.add(Long.parseLong(value.strip()));
            } catch (NumberFormatException e) {
                // not an id: no status by that name
            }
        }
        if (ids.size() > MAX_IDS) {
            throw ApiException.unprocessable("Too many ids (maximum is " + MAX_IDS + ")");
        }
        return List.copyOf(ids);
    }

    @GetMapping("/{id}")
    @PreAuthorize("isAnonymous() or hasAuthority('SCOPE_read:statuses')")
    StatusJson get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return service.get(Ids.parse(id), Caller.viewer(caller));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_write:statuses')")
    StatusJson delete(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long author = caller.account();
        return service.delete(Ids.parse(id), author);
    }

    @GetMapping("/{id}/context")
    @PreAuthorize("isAnonymous() or hasAuthority('SCOPE_read:statuses')")
    ContextJson context(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return service.context(Ids.parse(id), Caller.viewer(caller));
    }

    @GetMapping("/{id}/source")
    @PreAuthorize("hasAuthority('SCOPE_read:statuses')")
    StatusSourceJson source(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long viewer = caller.account();
        return service.source(Ids.parse(id), viewer);
    }
}
