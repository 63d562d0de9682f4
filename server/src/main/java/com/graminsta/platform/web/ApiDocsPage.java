package com.graminsta.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * /api/docs is the OpenAPI description for machines; a browser asking for HTML there is sent
 * to the readable page instead.
 */
@Component
class ApiDocsPage extends OncePerRequestFilter {

    static final String DOCS = "/api/docs";
    static final String PAGE = "/api/docs/swagger-ui/index.html";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("GET".equals(request.getMethod()) && DOCS.equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (wantsPage(request.getHeader(HttpHeaders.ACCEPT))) {
            response.sendRedirect(PAGE);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean wantsPage(String accept) {
        try {
            return accept != null && MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
