package com.graminsta.social;

/** {@code followerId} now follows {@code targetId}, directly or because the target approved a request. */
public record AccountFollowed(long followerId, long targetId) {
}
