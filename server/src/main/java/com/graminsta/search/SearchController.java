package com.graminsta.search;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.ApiException;
import com.graminsta.platform.web.Params;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mastodon's search and tag lookup. Anyone may search; a token, if sent, must allow it. Only
 * local content exists, so {@code resolve} changes nothing.
 */
@RestController
class SearchController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 40;
    static final int QUERY_MAX = 100;

    /** {@code type} is one of accounts, hashtags and statuses, or absent for all three. */
    record SearchParams(String q, String type, Integer limit, Integer offset) {
    }

    private final SearchService search;

    SearchController(SearchService search) {
        this.search = search;
    }

    @GetMapping(path = "/api/v2/search", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("isAnonymous() or hasAuthority('SCOPE_read:search')")
    SearchResults search(@AuthenticationPrincipal Caller caller, @Params SearchParams params) {
        if (params.q() == null) {
            throw ApiException.badRequest("Missing parameter q");
        }
        String query = params.q().strip();
        if (query.length() > QUERY_MAX) {
            throw ApiException.unprocessable("Validation failed: Query is too long (maximum is " + QUERY_MAX + " characters)");
        }
        Set<SearchService.Kind> kinds = kinds(params.type());
        if (query.isEmpty() || kinds.isEmpty()) {
            return new SearchResults(List.of(), List.of(), List.of());
        }
        int limit = Math.clamp(params.limit() == null ? DEFAULT_LIMIT : params.limit(), 1, MAX_LIMIT);
        int offset = Math.max(0, params.offset() == null ? 0 : params.offset());
        return search.search(query, kinds, Caller.viewer(caller), limit, offset);
    }

    @GetMapping(path = "/api/v1/tags/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("isAnonymous() or hasAuthority('SCOPE_read:statuses')")
    TagJson tag(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        return search.tag(name, Caller.viewer(caller));
    }

    /** All kinds when no type is given; none for a type there is nothing of, as in Mastodon. */
    private static Set<SearchService.Kind> kinds(String type) {
        if (type == null || type.isBlank()) {
            return EnumSet.allOf(SearchService.Kind.class);
        }
        try {
            return EnumSet.of(SearchService.Kind.valueOf(type.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return EnumSet.noneOf(SearchService.Kind.class);
        }
    }
}
