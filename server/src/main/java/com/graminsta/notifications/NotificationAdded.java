package com.graminsta.notifications;

/** A notification was written for {@code recipientId}, in the transaction of what caused it. */
public record NotificationAdded(long recipientId, long notificationId) {
}
