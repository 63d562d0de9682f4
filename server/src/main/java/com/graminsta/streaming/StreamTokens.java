package com.graminsta.streaming;

import jakarta.servlet.http.HttpServletRequest;
import com.graminsta.platform.security.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

/**
 * The viewer behind a streaming request. Mastodon's clients send the token in the Authorization
 * header (checked by Spring Security before the request gets here), as the {@code access_token}
 * query parameter, or, where a browser's WebSocket cannot send headers, as the
 * {@code Sec-WebSocket-Protocol}. Each is looked up as every API request's token is.
 */
@Component
class StreamTokens {

    private final OpaqueTokenIntrospector introspector;

    StreamTokens(OpaqueTokenIntrospector introspector) {
        this.introspector = introspector;
    }

    Viewer viewer(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
            return Viewer.of(caller);
        }
        String token = request.getParameter("access_token");
        if (token == null || token.isBlank()) {
            String protocol = request.getHeader("Sec-WebSocket-Protocol");
            token = protocol == null ? null : protocol.split(",")[0].trim();
        }
        if (token == null || token.isBlank()) {
            throw StreamError.unauthorized("Missing access token");
        }
        try {
            return Viewer.of((Caller) introspector.introspect(token));
        } catch (OAuth2IntrospectionException | OAuth2AuthenticationException e) {
            throw StreamError.unauthorized("Invalid access token");
        }
    }
}
