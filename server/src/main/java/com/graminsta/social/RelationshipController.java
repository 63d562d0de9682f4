package com.graminsta.social;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.ApiException;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** How the caller stands with a set of accounts, as clients ask before drawing follow buttons. */
@RestController
class RelationshipController {

    /** A page of accounts is at most 80 long, and clients ask for one page at a time. */
    static final int MAX_IDS = 80;

    private final SocialGraph graph;

    RelationshipController(SocialGraph graph) {
        this.graph = graph;
    }

    @GetMapping(path = "/api/v1/accounts/relationships", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:follows')")
    List<Relationship> relationships(@AuthenticationPrincipal Caller caller,
                                     @RequestParam MultiValueMap<String, String> parameters) {
        long viewer = caller.account();
        return graph.relationships(viewer, accountIds(parameters));
    }

    /**
     * The ids asked for, in order and without repeats. Clients send {@code id[]=1&id[]=2}, some
     * a single {@code id=1}; anything that is not an id names no account and is skipped, as
     * unknown accounts are.
     */
    static List<Long> accountIds(MultiValueMap<String, String> parameters) {
        List<String> values = new ArrayList<>();
        values.addAll(parameters.getOrDefault("id[]", List.of()));
        values.addAll(parameters.getOrDefault("id", List.of()));
        Set<Long> ids = new LinkedHashSet<>();
        for (String value : values) {
            try {
                ids.add(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                // not an id: no account by that name
            }
        }
        if (ids.size() > MAX_IDS) {
            throw ApiException.unprocessable("Too many ids (maximum is " + MAX_IDS + ")");
        }
        return List.copyOf(ids);
    }
}
