package com.graminsta.auth;

import org.springframework.http.HttpStatus;

/** An error of the token endpoint, answered in the shape RFC 6749 gives. */
class OAuthError extends RuntimeException {

    private final String code;
    private final HttpStatus status;

    OAuthError(HttpStatus status, String code, String description) {
        super(description);
        this.status = status;
        this.code = code;
    }

    static OAuthError invalidClient() {
        return new OAuthError(HttpStatus.UNAUTHORIZED, "invalid_client",
                "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.");
    }

    static OAuthError invalidGrant(String description) {
        return new OAuthError(HttpStatus.BAD_REQUEST, "invalid_grant", description);
    }

    static OAuthError invalidRequest(String description) {
        return new OAuthError(HttpStatus.BAD_REQUEST, "invalid_request", description);
    }

    static OAuthError invalidScope() {
        return new OAuthError(HttpStatus.BAD_REQUEST, "invalid_scope",
                "The requested scope is invalid, unknown, or malformed.");
    }

    static OAuthError unsupportedGrantType() {
        return new OAuthError(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server.");
    }

    String code() {
        return code;
    }

    HttpStatus status() {
        return status;
    }
}
