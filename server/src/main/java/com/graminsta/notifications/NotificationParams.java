package com.graminsta.notifications;

import java.util.List;

import com.graminsta.platform.web.Paging;

/** Mastodon's parameters for the notification list: {@code types[]}, {@code exclude_types[]}, {@code account_id}, paging. */
record NotificationParams(String maxId, String sinceId, String minId, String limit,
                          List<String> types, List<String> excludeTypes, Long accountId) {

    Paging paging() {
        return Paging.of(maxId, sinceId, minId, limit);
    }

    NotificationFilter filter() {
        return new NotificationFilter(types, excludeTypes, accountId);
    }
}
