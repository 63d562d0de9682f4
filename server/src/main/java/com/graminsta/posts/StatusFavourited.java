package com.graminsta.posts;

/** Someone liked a status; {@code authorId} wrote it. */
public record StatusFavourited(long statusId, long accountId, long authorId) {
}
