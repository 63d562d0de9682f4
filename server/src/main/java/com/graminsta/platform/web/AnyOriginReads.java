package com.graminsta.platform.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Public documents any web page may read, whatever its origin, as Mastodon allows: media (so a
 * client on another origin can load photos with {@code crossorigin="anonymous"}) and the discovery
 * documents under {@code /.well-known/} and {@code /nodeinfo/}. The answer is
 * {@code Access-Control-Allow-Origin: *} on every GET and HEAD there, whatever the request's
 * {@code Origin}, so a cache in between keeps one copy for everyone; never with credentials, which
 * browsers refuse to combine with {@code *} anyway: a page on another origin reads what anyone
 * could fetch, as anyone. The API and OAuth endpoints keep their own rule (auth.CorsSettings).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AnyOriginReads extends OncePerRequestFilter {

    private static final List<String> PREFIXES = List.of("/media/", "/.well-known/", "/nodeinfo/");

    /** Asked of every request: compared in place, without copying the path. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        int start = request.getContextPath().length();
        for (String prefix : PREFIXES) {
            if (uri.startsWith(prefix, start)) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        if (HttpMethod.OPTIONS.matches(method) && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
            preflight(request, response);
            return;
        }
        if (HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method)) {
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
        chain.doFilter(request, response);
    }

    /** A read with a header outside the safelisted ones (a client's own Accept, say) asks first. */
    private static void preflight(HttpServletRequest request, HttpServletResponse response) {
        String asked = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
        if (!HttpMethod.GET.matches(asked) && !HttpMethod.HEAD.matches(asked)) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD");
        String headers = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        if (headers != null && !headers.isBlank()) {
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, headers);
        }
        response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
