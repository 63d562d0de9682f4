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
        return nowMillis - Math.max(loadMicros / 1000.0, MIN_LOAD_MILLIS) * Math.log(random) >= expiresAtMillis;
    }

    /**
     * The load time early refresh assumes at least: clocks here tick in milliseconds, and a
     * refresh takes a lease and a fill besides the query, so with the query's own sub-millisecond
     * time a hot key would only ever be refreshed in its last millisecond, after its expiry.
     */
    static final double MIN_LOAD_MILLIS = 10;
}
