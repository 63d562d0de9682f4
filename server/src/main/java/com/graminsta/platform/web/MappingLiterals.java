package com.graminsta.platform.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Request mappings by the literal text of their path patterns: what a pattern starts with, up to
 * the segment of its first variable or wildcard ({@code /api/v1/accounts} for
 * {@code /api/v1/accounts/{id}/statuses}), and what it ends with after its last one
 * ({@code /statuses}). Every path a pattern matches starts and ends with those, so the mappings
 * whose patterns could match a path are found by looking its text up at each of its slashes
 * rather than by trying them all. A mapping may be found that does not match after all (its
 * patterns are then tried); one that matches is never missed.
 *
 * <p>Changed only while mappings are registered (at start-up); read by every request from a copy
 * that is never changed.
 */
final class MappingLiterals {

    /** One path pattern of a mapping: a path fits it if it starts with the key it is under and ends with {@code suffix}. */
    private record Literal(RequestMappingInfo mapping, String suffix, boolean exact) {

        boolean fits(String path, String prefix) {
            return exact ? path.length() == prefix.length()
                    : path.length() >= prefix.length() + suffix.length() && path.endsWith(suffix);
        }
    }

    private record Index(Map<String, List<Literal>> byPrefix, List<RequestMappingInfo> unindexed) {
    }

    private volatile Index index = new Index(Map.of(), List.of());

    synchronized void add(RequestMappingInfo mapping) {
        Map<String, List<Literal>> byPrefix = copy(index.byPrefix());
        List<RequestMappingInfo> unindexed = new ArrayList<>(index.unindexed());
        PathPatternsRequestCondition paths = mapping.getPathPatternsCondition();
        if (paths == null) {
            // Matched by Spring's older AntPathMatcher patterns, which this does not read.
            unindexed.add(mapping);
        } else {
            for (PathPattern pattern : paths.getPatterns()) {
                String text = pattern.getPatternString();
                int first = indexOfVariableOrWildcard(text);
                Literal literal = first < 0
                        ? new Literal(mapping, "", true)
                        : new Literal(mapping, suffix(text), false);
                byPrefix.computeIfAbsent(first < 0 ? text : prefix(text), key -> new ArrayList<>()).add(literal);
            }
        }
        index = new Index(byPrefix, List.copyOf(unindexed));
    }

    synchronized void remove(RequestMappingInfo mapping) {
        Map<String, List<Literal>> byPrefix = copy(index.byPrefix());
        byPrefix.values().forEach(literals -> literals.removeIf(literal -> literal.mapping() == mapping));
        byPrefix.values().removeIf(List::isEmpty);
        List<RequestMappingInfo> unindexed = new ArrayList<>(index.unindexed());
        unindexed.removeIf(candidate -> candidate == mapping);
        index = new Index(byPrefix, List.copyOf(unindexed));
    }

    /**
     * The mappings whose patterns {@code path} may match, or null when its text cannot tell: a
     * path with {@code %} or {@code ;} is matched by its decoded segments.
     */
    List<RequestMappingInfo> candidates(String path) {
        if (path.indexOf('%') >= 0 || path.indexOf(';') >= 0) {
            return null;
        }
        Index current = index;
        List<RequestMappingInfo> found = new ArrayList<>(current.unindexed());
        collect(current, path, "", found);
        for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
            collect(current, path, path.substring(0, slash), found);
        }
        if (!path.isEmpty()) {
            collect(current, path, path, found);
        }
        return found;
    }

    private static void collect(Index index, String path, String prefix, List<RequestMappingInfo> found) {
        List<Literal> literals = index.byPrefix().get(prefix);
        if (literals == null) {
            return;
        }
        for (Literal literal : literals) {
            if (literal.fits(path, prefix)) {
                found.add(literal.mapping());
            }
        }
    }

    /**
     * The text before the segment of the first variable or wildcard, without that segment's
     * slash: {@code /files/**} and {@code /files/{*rest}} match {@code /files} too.
     */
    static String prefix(String pattern) {
        int first = indexOfVariableOrWildcard(pattern);
        return first < 0 ? pattern : pattern.substring(0, Math.max(0, pattern.lastIndexOf('/', first - 1)));
    }

    /** The text after the last variable or wildcard; all of it when there is none. */
    static String suffix(String pattern) {
        for (int i = pattern.length() - 1; i >= 0; i--) {
            if (isVariableOrWildcard(pattern.charAt(i))) {
                return pattern.substring(i + 1);
            }
        }
        return pattern;
    }

    private static int indexOfVariableOrWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            if (isVariableOrWildcard(pattern.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isVariableOrWildcard(char c) {
        return c == '{' || c == '}' || c == '*' || c == '?';
    }

    private static Map<String, List<Literal>> copy(Map<String, List<Literal>> byPrefix) {
        Map<String, List<Literal>> copy = new HashMap<>();
        byPrefix.forEach((prefix, literals) -> copy.put(prefix, new ArrayList<>(literals)));
        return copy;
    }
}
