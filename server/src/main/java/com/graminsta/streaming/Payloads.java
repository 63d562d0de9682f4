package com.graminsta.streaming;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.graminsta.accounts.AccountVisibility;
import com.graminsta.feed.TimelineMembership;
import com.graminsta.notifications.NotificationViews;
import com.graminsta.posts.StatusJson;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a viewer is sent for a channel message, if anything, and only when the REST API would show
 * it to them on the stream's timeline, decided by the timeline's own query (visibility, follows,
 * blocks, mutes).
 *
 * <p>On the home timeline and for notifications, the status or notification exactly as the REST API
 * renders it for that viewer. On the public and hashtag timelines, where one message goes to every
 * connection of the process, the status as anyone sees it (no viewer's {@code favourited} or
 * {@code bookmarked}, as Mastodon sends it there), rendered once per message, and sent to those of
 * the channel's viewers that the timeline's query, asked once for all of them, says hold it.
 */
@Component
class Payloads {

    /** Messages whose anonymous rendering is kept, for the same message on its other channels. */
    private static final int RENDERED_KEPT = 64;

    private final TimelineMembership timelines;
    private final NotificationViews notifications;
    private final AccountVisibility accounts;
    private final JsonMapper json;
    /** The status of a recent message as anyone sees it; used by the delivery thread only. */
    private final Map<ChannelMessage, Optional<String>> renderedForAnyone = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ChannelMessage, Optional<String>> eldest) {
            return size() > RENDERED_KEPT;
        }
    };

    Payloads(TimelineMembership timelines, NotificationViews notifications, AccountVisibility accounts,
             JsonMapper json) {
        this.timelines = timelines;
        this.notifications = notifications;
        this.accounts = accounts;
        this.json = json;
    }

    /**
     * {@code audience} names the accounts of every connection listening to the channel, asked for
     * only when a message is decided for all of them at once; {@code sent} is told of each event
     * sent to a connection, for the metrics.
     */
    Delivery delivery(ChannelMessage message, Supplier<Collection<Long>> audience, Runnable sent) {
        return new Delivery(message, audience, sent);
    }

    /**
     * One message on its way to the listeners of one channel: rendered once per viewer and
     * timeline (home, notifications), or once for everyone (public, hashtags). Used by one thread.
     */
    final class Delivery {

        private final ChannelMessage message;
        private final Supplier<Collection<Long>> audience;
        private final Runnable sent;
        private final Map<String, Optional<String>> rendered = new HashMap<>();
        private final Map<String, Set<Long>> shownTo = new HashMap<>();
        private Set<Long> blockedWithAuthor;

        private Delivery(ChannelMessage message, Supplier<Collection<Long>> audience, Runnable sent) {
            this.message = message;
            this.audience = audience;
            this.sent = sent;
        }

        /** One connection has been sent the payload it was given. */
        void sent() {
            sent.run();
        }

        Optional<String> payloadFor(Stream stream, Viewer viewer) {
            String timeline = stream.timeline() + " " + (stream.tag() == null ? "" : stream.normalisedTag());
            return switch (message.event()) {
                case ChannelMessage.UPDATE, ChannelMessage.STATUS_UPDATE -> sharedBy(stream)
                        ? sharedPayload(stream, timeline, viewer.accountId())
                        : rendered.computeIfAbsent(timeline + " " + viewer.accountId(),
                                ignored -> status(message.status(), stream, viewer.accountId()).map(json::writeValueAsString));
                case ChannelMessage.NOTIFICATION -> viewer.may("read:notifications")
                        ? rendered.computeIfAbsent(timeline + " " + viewer.accountId(), ignored ->
                                notifications.shown(viewer.accountId(), message.notification()).map(json::writeValueAsString))
                        : Optional.empty();
                // Mastodon sends a deletion's id as the payload itself, not as JSON.
                case ChannelMessage.DELETE -> blockedWithAuthor().contains(viewer.accountId())
                        ? Optional.empty() : Optional.of(Long.toString(message.status()));
                default -> Optional.empty();
            };
        }

        private Optional<String> sharedPayload(Stream stream, String timeline, long viewerId) {
            Set<Long> viewers = shownTo.computeIfAbsent(timeline, ignored -> audienceOf(message.status(), stream, audience.get()));
            return viewers.contains(viewerId) ? renderedForAnyone(message) : Optional.empty();
        }

        /** A deleted status's id is news to no one on either side of a block with its author. */
        private Set<Long> blockedWithAuthor() {
            if (blockedWithAuthor == null) {
                blockedWithAuthor = accounts.blockedEitherWayAmong(message.account(), audience.get());
            }
            return blockedWithAuthor;
        }
    }

    /** The timelines that every connection of the process shares, whose messages are decided for all at once. */
    private static boolean sharedBy(Stream stream) {
        return switch (stream.timeline()) {
            case PUBLIC, PUBLIC_MEDIA, TAG -> true;
            case HOME, NOTIFICATIONS, NOTHING -> false;
        };
    }

    private Set<Long> audienceOf(long statusId, Stream stream, Collection<Long> viewerIds) {
        return switch (stream.timeline()) {
            case PUBLIC -> timelines.publicPostsAmong(statusId, viewerIds, false);
            case PUBLIC_MEDIA -> timelines.publicPostsAmong(statusId, viewerIds, true);
            case TAG -> timelines.taggedAmong(statusId, stream.normalisedTag(), viewerIds, false);
            case HOME, NOTIFICATIONS, NOTHING -> Set.of();
        };
    }

    /**
     * A new post goes to several channels (public, local, their media variants, its hashtags) as
     * one message: rendered once for all of them. A {@code status.update} is rendered anew each
     * time, since two of one status may be published within the same millisecond.
     */
    private Optional<String> renderedForAnyone(ChannelMessage message) {
        if (!ChannelMessage.UPDATE.equals(message.event())) {
            return renderForAnyone(message.status());
        }
        return renderedForAnyone.computeIfAbsent(message, ignored -> renderForAnyone(message.status()));
    }

    private Optional<String> renderForAnyone(long statusId) {
        return timelines.asAnyoneSeesIt(statusId).map(json::writeValueAsString);
    }

    private Optional<StatusJson> status(long statusId, Stream stream, long viewerId) {
        return stream.timeline() == Stream.Timeline.HOME ? timelines.home(statusId, viewerId) : Optional.empty();
    }
}
