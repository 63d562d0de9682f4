package com.graminsta.streaming;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.graminsta.accounts.AccountVisibility;
import com.graminsta.feed.TimelineMembership;
import com.graminsta.notifications.NotificationViews;
import com.graminsta.posts.StatusJson;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a viewer is sent for a channel message, if anything: the status or notification exactly
 * as the REST API renders it for that viewer, and only when the REST API would show it to them on
 * the stream's timeline, decided by the timeline's own query (visibility, follows, blocks, mutes).
 */
@Component
class Payloads {

    private final TimelineMembership timelines;
    private final NotificationViews notifications;
    private final AccountVisibility accounts;
    private final JsonMapper json;

    Payloads(TimelineMembership timelines, NotificationViews notifications, AccountVisibility accounts,
             JsonMapper json) {
        this.timelines = timelines;
        this.notifications = notifications;
        this.accounts = accounts;
        this.json = json;
    }

    /** {@code sent} is told of each event sent to a connection, for the metrics. */
    Delivery delivery(ChannelMessage message, Runnable sent) {
        return new Delivery(message, sent);
    }

    /** One message on its way to its listeners, rendered once per viewer and timeline. Used by one thread. */
    final class Delivery {

        private final ChannelMessage message;
        private final Runnable sent;
        private final Map<String, Optional<String>> rendered = new HashMap<>();

        private Delivery(ChannelMessage message, Runnable sent) {
            this.message = message;
            this.sent = sent;
        }

        /** One connection has been sent the payload it was given. */
        void sent() {
            sent.run();
        }

        Optional<String> payloadFor(Stream stream, Viewer viewer) {
            String key = stream.timeline() + " " + (stream.tag() == null ? "" : stream.normalisedTag()) + " "
                    + viewer.accountId() + " " + viewer.may("read:notifications");
            return rendered.computeIfAbsent(key, ignored -> render(message, stream, viewer));
        }
    }

    private Optional<String> render(ChannelMessage message, Stream stream, Viewer viewer) {
        return switch (message.event()) {
            case ChannelMessage.UPDATE, ChannelMessage.STATUS_UPDATE -> status(message.status(), stream, viewer.accountId())
                    .map(json::writeValueAsString);
            case ChannelMessage.NOTIFICATION -> viewer.may("read:notifications")
                    ? notifications.shown(viewer.accountId(), message.notification()).map(json::writeValueAsString)
                    : Optional.empty();
            // Mastodon sends a deletion's id as the payload itself, not as JSON.
            case ChannelMessage.DELETE -> blocked(message.account(), viewer.accountId())
                    ? Optional.empty() : Optional.of(Long.toString(message.status()));
            default -> Optional.empty();
        };
    }

    private Optional<StatusJson> status(long statusId, Stream stream, long viewerId) {
        return switch (stream.timeline()) {
            case HOME -> timelines.home(statusId, viewerId);
            case PUBLIC -> timelines.publicPosts(statusId, viewerId, false);
            case PUBLIC_MEDIA -> timelines.publicPosts(statusId, viewerId, true);
            case TAG -> timelines.tagged(statusId, stream.normalisedTag(), viewerId, false);
            case NOTIFICATIONS, NOTHING -> Optional.empty();
        };
    }

    /** A deleted status's id is news to no one on either side of a block with its author. */
    private boolean blocked(long authorId, long viewerId) {
        return accounts.hiddenFrom(authorId, viewerId) || accounts.hiddenFrom(viewerId, authorId);
    }
}
