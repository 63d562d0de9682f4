package com.graminsta.accounts;

/**
 * Whether a viewer may see an account at all. The social graph implements it (an account that
 * blocked you is invisible to you); accounts asks without knowing about blocks.
 */
public interface AccountVisibility {

    /** True when {@code viewerId} must not see {@code accountId}; anonymous viewers pass null. */
    boolean hiddenFrom(long accountId, Long viewerId);

    /** True when either account blocks the other; never for an anonymous viewer (null) or oneself. */
    boolean blockedEitherWay(long accountId, Long viewerId);
}
