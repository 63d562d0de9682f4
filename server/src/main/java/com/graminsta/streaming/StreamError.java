package com.graminsta.streaming;

/**
 * A stream that cannot be opened, with the status and message Mastodon's streaming server gives:
 * 400 for a request it does not understand, 401 for a token that is missing, invalid or short of
 * the scopes the stream needs.
 */
class StreamError extends RuntimeException {

    private final int status;

    private StreamError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static StreamError badRequest(String message) {
        return new StreamError(400, message);
    }

    static StreamError unauthorized(String message) {
        return new StreamError(401, message);
    }

    int status() {
        return status;
    }
}
