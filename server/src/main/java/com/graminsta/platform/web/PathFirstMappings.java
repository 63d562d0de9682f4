package com.graminsta.platform.web;

import jakarta.servlet.http.HttpServletRequest;
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
 */
final class PathFirstMappings extends RequestMappingHandlerMapping {

    @Override
    protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        PathPatternsRequestCondition paths = info.getPathPatternsCondition();
        if (paths != null && !matches(paths, request)) {
            return null;
        }
        return super.getMatchingMapping(info, request);
    }

    /** What {@link PathPatternsRequestCondition#getMatchingCondition} tests, without building its answer. */
    private static boolean matches(PathPatternsRequestCondition paths, HttpServletRequest request) {
        PathContainer path = ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication();
        for (PathPattern pattern : paths.getPatterns()) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }
}
