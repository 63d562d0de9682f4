package com.graminsta.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
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
 * <p>Trying even the path of each of the ~100 mappings was still a large part of a profile GET
 * (decision 0038), so the mappings are indexed by the literal text their patterns start and
 * end with ({@link MappingLiterals}): a lookup first finds the few candidates whose text fits the
 * path, and Spring's walk over all the mappings turns the others away by a comparison of
 * references. A path with percent-encoding or a {@code ;} is matched by its decoded segments, not
 * its text, so every mapping's patterns are tried for it, as Spring does.
 */
final class PathFirstMappings extends RequestMappingHandlerMapping {

    /**
     * The candidates for the path being looked up on this thread; null outside a lookup or when
     * every mapping is to be tried. Spring calls {@link #getMatchingMapping} for every mapping
     * within one call of {@link #lookupHandlerMethod}, which works them out once.
     */
    private static final ThreadLocal<List<RequestMappingInfo>> CANDIDATES = new ThreadLocal<>();

    private final MappingLiterals literals = new MappingLiterals();

    // Every mapping enters Spring's registry through one of these two, and leaves through the third.

    @Override
    protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
        super.registerHandlerMethod(handler, method, mapping);
        literals.add(mapping);
    }

    @Override
    public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
        super.registerMapping(mapping, handler, method);
        literals.add(mapping);
    }

    @Override
    public void unregisterMapping(RequestMappingInfo mapping) {
        super.unregisterMapping(mapping);
        literals.remove(mapping);
    }

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        CANDIDATES.set(literals.candidates(lookupPath));
        try {
            return super.lookupHandlerMethod(lookupPath, request);
        } finally {
            CANDIDATES.remove();
        }
    }

    @Override
    protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        List<RequestMappingInfo> candidates = CANDIDATES.get();
        if (candidates != null && !containsSame(candidates, info)) {
            return null;
        }
        PathPatternsRequestCondition paths = info.getPathPatternsCondition();
        if (paths != null && !matches(paths, request)) {
            return null;
        }
        return super.getMatchingMapping(info, request);
    }

    private static boolean containsSame(List<RequestMappingInfo> candidates, RequestMappingInfo info) {
        for (RequestMappingInfo candidate : candidates) {
            if (candidate == info) {
                return true;
            }
        }
        return false;
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
