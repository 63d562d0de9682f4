package com.graminsta.platform.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mastodon's OAuth scopes. A top-level scope grants all of its sub-scopes ({@code write} grants
 * {@code write:follows}); {@code follow} is the older name for the follow, block and mute scopes.
 * Endpoints require the narrowest scope, as {@code hasAuthority('SCOPE_write:follows')}.
 */
public final class Scopes {

    private static final Map<String, List<String>> GRANTS = Map.of(
            "read", List.of("read:accounts", "read:blocks", "read:bookmarks", "read:favourites", "read:filters",
                    "read:follows", "read:lists", "read:mutes", "read:notifications", "read:search", "read:statuses"),
            "write", List.of("write:accounts", "write:blocks", "write:bookmarks", "write:conversations",
                    "write:favourites", "write:filters", "write:follows", "write:lists", "write:media",
                    "write:mutes", "write:notifications", "write:reports", "write:statuses"),
            "follow", List.of("read:blocks", "write:blocks", "read:follows", "write:follows", "read:mutes", "write:mutes"),
            "push", List.of());

    private Scopes() {
    }

    /** Splits a space- or plus-separated scope string; Mastodon's default is "read". */
    public static Set<String> parse(String scopes) {
        Set<String> parsed = new LinkedHashSet<>();
        if (scopes != null) {
            for (String scope : scopes.trim().split("[\\s+]+")) {
                if (!scope.isEmpty()) {
                    parsed.add(scope);
                }
            }
        }
        if (parsed.isEmpty()) {
            parsed.add("read");
        }
        return parsed;
    }

    /** Every scope a client may ask for: the top-level ones, then their sub-scopes. */
    public static List<String> all() {
        Set<String> all = new LinkedHashSet<>(List.of("read", "write", "follow", "push"));
        GRANTS.values().stream().flatMap(List::stream).sorted().forEach(all::add);
        return List.copyOf(all);
    }

    public static boolean isKnown(String scope) {
        return GRANTS.containsKey(scope) || GRANTS.values().stream().anyMatch(children -> children.contains(scope));
    }

    /** Everything the scopes allow, sub-scopes included. */
    public static Set<String> expand(Set<String> scopes) {
        Set<String> granted = new LinkedHashSet<>(scopes);
        for (String scope : scopes) {
            granted.addAll(GRANTS.getOrDefault(scope, List.of()));
        }
        return granted;
    }

    /** True when {@code requested} asks for nothing beyond {@code allowed}. */
    public static boolean within(Set<String> requested, Set<String> allowed) {
        return expand(allowed).containsAll(requested);
    }

    public static String format(Set<String> scopes) {
        return String.join(" ", scopes);
    }
}
