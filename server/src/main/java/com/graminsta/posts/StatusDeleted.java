package com.graminsta.posts;

/** A status and everything hanging off it is gone. */
public record StatusDeleted(long statusId, long accountId) {
}
