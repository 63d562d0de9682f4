package com.graminsta.platform.redis;

/** Redis did not answer in time, is down, is not configured, or the circuit breaker keeps it out. */
public class RedisUnavailableException extends RuntimeException {

    RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
