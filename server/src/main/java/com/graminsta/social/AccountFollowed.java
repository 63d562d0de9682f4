package com.graminsta.social;

/**
 * {@code followerId} now follows {@code targetId}: directly, because the target approved the
 * follower's request ({@code approvedByTarget}), or because the target unlocked its account,
 * which lets in everyone waiting without the target choosing them one by one.
 */
public record AccountFollowed(long followerId, long targetId, boolean approvedByTarget) {
}
