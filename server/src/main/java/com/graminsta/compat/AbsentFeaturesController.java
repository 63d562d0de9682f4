package com.graminsta.compat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.graminsta.accounts.Accounts;
import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.ApiException;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Features Graminsta does not have, answered as a Mastodon server without any of them would
 * answer: an empty list. Each endpoint keeps Mastodon's scope and, where Mastodon requires a
 * user, refuses an app's own token the same way, so a client meets the same rules it would meet
 * on Mastodon and only the content is missing.
 */
@RestController
class AbsentFeaturesController {

    private final Accounts accounts;

    AbsentFeaturesController(Accounts accounts) {
        this.accounts = accounts;
    }

    /** No custom emojis: statuses and names are plain Unicode. */
    @GetMapping(path = "/api/v1/custom_emojis", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Object> customEmojis() {
        return List.of();
    }

    /** No trends yet: the explore page lists recent public posts instead. */
    @GetMapping(path = {"/api/v1/trends", "/api/v1/trends/tags", "/api/v1/trends/statuses", "/api/v1/trends/links"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    List<Object> trends() {
        return List.of();
    }

    @GetMapping(path = {"/api/v1/filters", "/api/v2/filters"}, produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:filters')")
    List<Object> filters(@AuthenticationPrincipal Caller caller) {
        return noneFor(caller);
    }

    @GetMapping(path = "/api/v1/lists", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:lists')")
    List<Object> lists(@AuthenticationPrincipal Caller caller) {
        return noneFor(caller);
    }

    /** The lists of the caller's that hold this account: none, as there are no lists. */
    @GetMapping(path = "/api/v1/accounts/{id}/lists", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:lists')")
    List<Object> listsWithAccount(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        caller.account();
        requireAccount(id);
        return List.of();
    }

    @GetMapping(path = "/api/v1/announcements", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read')")
    List<Object> announcements(@AuthenticationPrincipal Caller caller) {
        return noneFor(caller);
    }

    @GetMapping(path = "/api/v1/followed_tags", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:follows')")
    List<Object> followedTags(@AuthenticationPrincipal Caller caller) {
        return noneFor(caller);
    }

    @GetMapping(path = {"/api/v1/suggestions", "/api/v2/suggestions"}, produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read')")
    List<Object> suggestions(@AuthenticationPrincipal Caller caller) {
        return noneFor(caller);
    }

    /** Direct messages are not a Graminsta feature, so there are no conversations. */
    @GetMapping(path = "/api/v1/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:statuses')")
    List<Object> conversations(@AuthenticationPrincipal Caller caller) {
        return noneFor(caller);
    }

    @GetMapping(path = "/api/v1/scheduled_statuses", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:statuses')")
    List<Object> scheduledStatuses(@AuthenticationPrincipal Caller caller) {
        return noneFor(caller);
    }

    /** Graminsta does not federate, so there is no other domain to block. */
    @GetMapping(path = "/api/v1/domain_blocks", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:blocks')")
    List<Object> domainBlocks(@AuthenticationPrincipal Caller caller) {
        return noneFor(caller);
    }

    @GetMapping(path = "/api/v1/endorsements", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:accounts')")
    List<Object> endorsements(@AuthenticationPrincipal Caller caller) {
        return noneFor(caller);
    }

    @GetMapping(path = "/api/v1/featured_tags", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:accounts')")
    List<Object> featuredTags(@AuthenticationPrincipal Caller caller) {
        return noneFor(caller);
    }

    @GetMapping(path = "/api/v1/accounts/{id}/featured_tags", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Object> accountFeaturedTags(@PathVariable String id) {
        requireAccount(id);
        return List.of();
    }

    /** Followers in common are not computed; each account asked for gets an empty list. */
    @GetMapping(path = "/api/v1/accounts/familiar_followers", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:follows')")
    List<Map<String, Object>> familiarFollowers(@AuthenticationPrincipal Caller caller,
                                                @RequestParam MultiValueMap<String, String> parameters) {
        caller.account();
        Set<Long> asked = new LinkedHashSet<>();
        for (String value : concat(parameters.get("id[]"), parameters.get("id"))) {
            try {
                asked.add(Ids.parse(value));
            } catch (ApiException notAnId) {
                // names no account, so it has no entry, as an unknown account has none
            }
        }
        Set<Long> existing = accounts.findAllById(asked).keySet();
        return asked.stream().filter(existing::contains)
                .map(id -> Map.<String, Object>of("id", Long.toString(id), "accounts", List.of()))
                .toList();
    }

    private static List<Object> noneFor(Caller caller) {
        caller.account();
        return List.of();
    }

    private void requireAccount(String id) {
        if (!accounts.exists(Ids.parse(id))) {
            throw ApiException.notFound();
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>();
        if (first != null) {
            all.addAll(first);
        }
        if (second != null) {
            all.addAll(second);
        }
        return all;
    }
}
