package com.graminsta.notifications;

import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Notifications as their recipient reads them through the REST API, for features that show them
 * elsewhere (the streaming API): the same rendering, and the same rule for what is still shown.
 */
@Component
public class NotificationViews {

    private final NotificationService notifications;

    NotificationViews(NotificationService notifications) {
        this.notifications = notifications;
    }

    /** What {@code GET /api/v1/notifications/:id} would answer the recipient, if anything. */
    public Optional<NotificationJson> shown(long recipientId, long notificationId) {
        return notifications.find(recipientId, notificationId);
    }
}
