package com.graminsta.posts;

import com.graminsta.platform.web.Paging;

/** Mastodon's pagination parameters. */
record PageParams(String maxId, String sinceId, String minId, String limit) {

    Paging paging(int defaultLimit, int maxLimit) {
        return Paging.of(maxId, sinceId, minId, limit, defaultLimit, maxLimit);
    }
}
