package com.graminsta.platform.redis;

/** Redis did not answer in time, is down, is not configured, or the circuit breaker keeps it out. */
public class RedisUnavailableException extends RuntimeException {

    private final boolean slow;

    RedisUnavailableException(String message, Throwable cause, boolean slow) {
        super(message, cause);
        this.slow = slow;
    }

    /**
     * True when Redis did not answer within the command timeout: it may have carried the command
     * out, and may answer the next one. False when it is down, refused, or kept out by the open
     * circuit, which answer at once.
     */
    public boolean slow() {
        return slow;
    }
}
