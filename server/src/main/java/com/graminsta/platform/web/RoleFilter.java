package com.graminsta.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.graminsta.platform.Roles;
import com.graminsta.platform.Roles.Role;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 404, as for a path that does not exist, for what belongs to a role this process does not
 * have (docs/decisions/0027): the streaming API to a process without {@code streaming}, the REST
 * API, OAuth and the public documents without {@code api}, the web app without {@code web}. The
 * probes under /actuator answer in every role. It runs before security, so a request a tier does
 * not serve is not told to sign in first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RoleFilter extends OncePerRequestFilter {

    private static final String STREAMING = "/api/v1/streaming";

    private final Roles roles;
    private final boolean all;

    RoleFilter(Roles roles) {
        this.roles = roles;
        this.all = roles.enabled().size() == Role.values().length;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return all;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // The servlet path is the decoded, normalized one the handlers are mapped by.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Role role = roleOf(path);
        if (role == null || roles.has(role)) {
            chain.doFilter(request, response);
            return;
        }
        ApiErrors.write(response, HttpStatus.NOT_FOUND, "Record not found");
    }

    /** The role that serves the path; null for the probes, which every role answers. */
    static Role roleOf(String path) {
        if (path.startsWith("/actuator/")) {
            return null;
        }
        if (path.equals(STREAMING) || path.startsWith(STREAMING + "/")) {
            return Role.STREAMING;
        }
        if (path.startsWith("/api/") || path.startsWith("/oauth/") || path.startsWith("/.well-known/")
                || path.startsWith("/nodeinfo/") || path.startsWith("/media/")) {
            return Role.API;
        }
        // The web app's pages (any path it routes) and its build files.
        return Role.WEB;
    }
}
