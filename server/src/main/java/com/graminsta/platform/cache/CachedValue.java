package com.graminsta.platform.cache;

/**
 * A value as a store keeps it, with what early refresh needs.
 *
 * @param expiresAtMillis when the store drops it (epoch milliseconds)
 * @param loadMicros how long loading it took
 */
record CachedValue<V>(V value, long expiresAtMillis, long loadMicros) {

    /**
     * Probabilistic early expiration ("XFetch", Vattani, Chierichetti and Lowenstein, VLDB 2015):
     * each read refreshes with a chance that grows as the expiry nears and with the time a load
     * takes, so a hot key is reloaded by one reader shortly before it expires instead of by many
     * readers just after. {@code random} is uniform in (0, 1].
     */
    boolean refreshDue(long nowMillis, double random) {
        return nowMillis - loadMicros / 1000.0 * Math.log(random) >= expiresAtMillis;
    }
}
