package com.graminsta.platform.cache;

/** The store did not answer; the cache then reads from the database and stores nothing. */
class StoreUnavailableException extends RuntimeException {

    private final boolean slow;

    StoreUnavailableException(Throwable cause, boolean slow) {
        super(cause.getMessage(), cause);
        this.slow = slow;
    }

    /** The store did not answer in time: it may have carried the call out, and may answer the next. */
    boolean slow() {
        return slow;
    }
}
