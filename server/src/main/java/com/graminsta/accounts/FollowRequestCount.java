package com.graminsta.accounts;

/** How many follow requests wait for an account's answer; the social graph knows. */
public interface FollowRequestCount {

    int pendingFor(long accountId);
}
