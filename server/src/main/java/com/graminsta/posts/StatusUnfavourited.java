package com.graminsta.posts;

/** Someone took back their like of a status; {@code authorId} wrote it. */
public record StatusUnfavourited(long statusId, long accountId, long authorId) {
}
