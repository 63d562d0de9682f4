package com.graminsta.platform.cache;

/** The store did not answer; the cache then reads from the database and stores nothing. */
class StoreUnavailableException extends RuntimeException {

    StoreUnavailableException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
