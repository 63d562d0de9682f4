package com.graminsta.notifications;

import java.util.Locale;

/**
 * The kinds of notification, by their Mastodon names. A comment on one's post is a
 * {@link #MENTION}, as Mastodon, which has no reply type, tells of one; a client can tell the two
 * apart by the status's {@code in_reply_to_account_id}.
 */
enum NotificationType {
    FOLLOW,
    FOLLOW_REQUEST,
    FAVOURITE,
    MENTION;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
