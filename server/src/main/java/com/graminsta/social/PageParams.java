package com.graminsta.social;

import com.graminsta.platform.web.Paging;

/** Mastodon's pagination parameters, as every list here takes them. */
record PageParams(String maxId, String sinceId, String minId, String limit) {

    Paging paging() {
        return Paging.of(maxId, sinceId, minId, limit);
    }
}
