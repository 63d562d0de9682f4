package com.graminsta.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC finds the handler of a path with a variable ({@code /api/v1/accounts/{id}}) by trying
 * every request mapping, and tries each one's method, parameters, headers, Content-Type, Accept
 * and API version before its path: a GET of a profile spent much of its lookup on the Accept of
 * mappings whose path could never match (docs/decisions/0022). The path rules out all but one or
 * two, so it is tried first here; a mapping whose path matches is then tried in full, as before.
 * The answer is the same (the handler, or 404, 405, 406 or 415, which Spring works out apart from
 * this method).
 *
 * <p>Matching every pattern against the path was still an eighth of a profile GET's time (decision
 * 0038), so each mapping's patterns are first compared by the text they start with, before any
 * variable or wildcard's segment ({@code /api/v1/accounts} for {@code /api/v1/accounts/{id}}): a path that
 * does not start with it cannot match. A path with percent-encoding or a {@code ;} is matched by
 * its decoded segments, not its text, so it goes straight to the patterns.
 */
final class PathFirstMappings extends RequestMappingHandlerMapping {

    /** The text every path a mapping's patterns match starts with, by mapping. */
    private final Map<RequestMappingInfo, String> literalPrefixes = new ConcurrentHashMap<>();

    @Override
    protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        PathPatternsRequestCondition paths = info.getPathPatternsCondition();
        if (paths != null && !matches(info, paths, request)) {
            return null;
        }
        return super.getMatchingMapping(info, request);
    }

    /** What {@link PathPatternsRequestCondition#getMatchingCondition} tests, without building its answer. */
    private boolean matches(RequestMappingInfo info, PathPatternsRequestCondition paths, HttpServletRequest request) {
        PathContainer path = ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication();
        String text = path.value();
        if (text.indexOf('%') < 0 && text.indexOf(';') < 0
                && !text.startsWith(literalPrefixes.computeIfAbsent(info, mapping -> literalPrefix(paths)))) {
            return false;
        }
        for (PathPattern pattern : paths.getPatterns()) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /** The longest text all the patterns start with before the segment of their first variable or wildcard. */
    static String literalPrefix(PathPatternsRequestCondition paths) {
        String common = null;
        for (PathPattern pattern : paths.getPatterns()) {
            String text = pattern.getPatternString();
            int end = 0;
            while (end < text.length() && "{*?".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            // Before a variable or wildcard, up to its segment's slash and not that slash itself:
            // "/files/**" and "/files/{*rest}" match "/files" too.
            String prefix = end == text.length() ? text : text.substring(0, Math.max(0, text.lastIndexOf('/', end - 1)));
            if (common == null) {
                common = prefix;
            } else {
                int same = 0;
                while (same < common.length() && same < prefix.length() && common.charAt(same) == prefix.charAt(same)) {
                    same++;
                }
                common = common.substring(0, same);
            }
        }
        return common == null ? "" : common;
    }
}
