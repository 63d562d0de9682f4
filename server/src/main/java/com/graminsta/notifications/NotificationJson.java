package com.graminsta.notifications;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.graminsta.accounts.AccountJson;
import com.graminsta.posts.StatusJson;

/**
 * The Mastodon {@code Notification} entity. {@code status} is there for likes and mentions, and
 * absent for follows; {@code group_key} is Mastodon's key for a notification in no group.
 */
public record NotificationJson(
        String id,
        String type,
        String groupKey,
        Instant createdAt,
        AccountJson account,
        @JsonInclude(JsonInclude.Include.NON_NULL) StatusJson status) {

    static NotificationJson of(Notification notification, AccountJson account, StatusJson status) {
        String id = Long.toString(notification.id());
        return new NotificationJson(id, notification.type(), "ungrouped-" + id, notification.createdAt(), account, status);
    }
}
