package com.graminsta.notifications;

import java.time.Instant;

/** One stored notification: {@code fromAccountId} did {@code type} to the recipient, maybe about a status. */
record Notification(long id, String type, long fromAccountId, Long statusId, Instant createdAt) {
}
