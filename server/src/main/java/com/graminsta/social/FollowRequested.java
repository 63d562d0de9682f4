package com.graminsta.social;

/** {@code requesterId} asked to follow the locked account {@code targetId}, which has to answer. */
public record FollowRequested(long requesterId, long targetId) {
}
