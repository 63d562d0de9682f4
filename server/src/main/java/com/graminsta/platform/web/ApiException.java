package com.graminsta.platform.web;

import java.time.Duration;

import org.springframework.http.HttpStatus;

/**
 * A failure the caller caused or may see, answered as {@code {"error": message}} with a stable
 * status. Feature code throws one of the factories below instead of choosing statuses itself.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final Duration retryAfter;

    private ApiException(HttpStatus status, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** Not there, or not for this caller's eyes: both answer the same, so neither leaks. */
    public static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "Record not found", null);
    }

    /** The request is well-formed but breaks a rule of the product. */
    public static ApiException unprocessable(String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, message, null);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message, null);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, message, null);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, message, null);
    }

    public static ApiException tooManyRequests(Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", retryAfter);
    }

    /** Mastodon answers app-only tokens on user endpoints with this. */
    public static ApiException userRequired() {
        return unprocessable("This method requires an authenticated user");
    }

    public HttpStatus status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
