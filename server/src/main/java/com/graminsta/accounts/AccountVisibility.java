package com.graminsta.accounts;

import java.util.Collection;
import java.util.Set;

/**
 * Whether a viewer may see an account at all. The social graph implements it (an account that
 * blocked you is invisible to you); accounts asks without knowing about blocks.
 */
public interface AccountVisibility {

    /** True when {@code viewerId} must not see {@code accountId}; anonymous viewers pass null. */
    boolean hiddenFrom(long accountId, Long viewerId);

    /** True when either account blocks the other; never for an anonymous viewer (null) or oneself. */
    boolean blockedEitherWay(long accountId, Long viewerId);

    /**
     * Those of {@code viewerIds} that block {@code accountId} or that it blocks, read at once for
     * many viewers (the streaming API's public channels), from the database, not the cache.
     */
    Set<Long> blockedEitherWayAmong(long accountId, Collection<Long> viewerIds);
}
