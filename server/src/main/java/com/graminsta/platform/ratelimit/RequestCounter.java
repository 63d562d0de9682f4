package com.graminsta.platform.ratelimit;

import java.time.Duration;

/** Counts requests under a key that lives one window. */
interface RequestCounter {

    /** Adds one to {@code key}'s count, which is forgotten after {@code ttl}; answers the new count. */
    long increment(String key, Duration ttl);
}
