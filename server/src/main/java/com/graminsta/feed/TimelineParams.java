package com.graminsta.feed;

import com.graminsta.platform.web.Paging;

/**
 * What the timeline endpoints take, each the parts it knows. Mastodon's {@code local} is accepted
 * and changes nothing (every status here is local); {@code remote} asks for none of them.
 */
record TimelineParams(String maxId, String sinceId, String minId, String limit,
                      Boolean onlyMedia, Boolean remote, Boolean excludeReplies, Boolean pinned) {

    /** Mastodon's page sizes for timelines. */
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 40;

    Paging paging() {
        return Paging.of(maxId, sinceId, minId, limit, DEFAULT_LIMIT, MAX_LIMIT);
    }

    boolean wantsOnlyMedia() {
        return Boolean.TRUE.equals(onlyMedia);
    }

    boolean wantsRemote() {
        return Boolean.TRUE.equals(remote);
    }

    boolean wantsNoReplies() {
        return Boolean.TRUE.equals(excludeReplies);
    }

    boolean wantsPinned() {
        return Boolean.TRUE.equals(pinned);
    }
}
