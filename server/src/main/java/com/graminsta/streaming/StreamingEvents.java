package com.graminsta.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.graminsta.auth.AccessTokensRevoked;
import com.graminsta.notifications.NotificationAdded;
import com.graminsta.posts.StatusDeleted;
import com.graminsta.posts.StatusFavourited;
import com.graminsta.posts.StatusJson;
import com.graminsta.posts.StatusPublished;
import com.graminsta.posts.StatusUnfavourited;
import com.graminsta.posts.StatusViews;
import com.graminsta.social.Followers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Publishes what happened to the channels Mastodon names, once its transaction has committed: a
 * write that rolled back publishes nothing. Channels carry ids only; who may see what is decided
 * at delivery, per viewer ({@link Payloads}).
 *
 * <ul>
 * <li>A post: {@code update} to its author's and each follower's {@code timeline:{id}} (of those
 * that someone listens to), and when public to the public channels and its hashtags' channels.
 * Comments are not on timelines (as on Instagram), so they are no {@code update}; their post's
 * counts changed, which is a {@code status.update} of the post, as is a like or unlike.
 * <li>A deleted post: {@code delete} on the same channels. A deleted comment was never sent.
 * <li>A notification: {@code notification} on {@code timeline:{recipient}:notifications}.
 * <li>A revoked token: {@code kill} on {@code timeline:access_token:{id}}, which ends its connections.
 * </ul>
 *
 * The work runs on one thread of its own, in order, off the request that committed.
 */
@Component
class StreamingEvents implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StreamingEvents.class);

    private final Channels channels;
    private final Followers followers;
    private final StatusViews statuses;
    private final ExecutorService publishing = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("streaming-publish").factory());

    StreamingEvents(Channels channels, Followers followers, StatusViews statuses) {
        this.channels = channels;
        this.followers = followers;
        this.statuses = statuses;
    }

    @TransactionalEventListener
    void on(StatusPublished event) {
        later(() -> {
            if (event.inReplyToId() == null) {
                publish(ChannelMessage.about(ChannelMessage.UPDATE, event.statusId()),
                        channelsOf(event.accountId(), event.visibility(), event.tags()));
            } else {
                changed(event.inReplyToId());
            }
        });
    }

    @TransactionalEventListener
    void on(StatusFavourited event) {
        later(() -> changed(event.statusId()));
    }

    @TransactionalEventListener
    void on(StatusUnfavourited event) {
        later(() -> changed(event.statusId()));
    }

    @TransactionalEventListener
    void on(StatusDeleted event) {
        if (!event.comment()) {
            later(() -> publish(ChannelMessage.deleted(event.statusId(), event.accountId()),
                    channelsOf(event.accountId(), event.visibility(), event.tags())));
        }
    }

    @TransactionalEventListener
    void on(NotificationAdded event) {
        later(() -> channels.publish(Stream.notifications(event.recipientId()),
                ChannelMessage.notification(event.notificationId())));
    }

    /** Revoking a token outside a transaction (RFC 7009's endpoint) ends its connections too. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(AccessTokensRevoked event) {
        later(() -> event.tokenIds().forEach(id ->
                channels.publish(StreamConnection.tokenChannel(id), ChannelMessage.kill())));
    }

    /** A post's counts moved: a {@code status.update} wherever the post itself went. */
    private void changed(long statusId) {
        List<StatusJson> found = statuses.render(List.of(statusId), null);
        if (found.isEmpty() || found.getFirst().inReplyToId() != null) {
            return;
        }
        StatusJson post = found.getFirst();
        Set<String> tags = new java.util.HashSet<>();
        post.tags().forEach(tag -> tags.add(tag.name()));
        publish(ChannelMessage.about(ChannelMessage.STATUS_UPDATE, statusId),
                channelsOf(Long.parseLong(post.account().id()), post.visibility(), tags));
    }

    /**
     * Where a post by {@code authorId} goes: home timelines of its author and of followers with a
     * stream open; when public, the public timelines (every post has photos, so their media
     * variants too) and its hashtags'.
     */
    private List<String> channelsOf(long authorId, String visibility, Set<String> tags) {
        List<String> homes = new ArrayList<>();
        for (long follower : followers.of(authorId)) {
            homes.add("timeline:" + follower);
        }
        List<String> result = new ArrayList<>();
        result.add("timeline:" + authorId);
        result.addAll(channels.listenedAmong(homes));
        if ("public".equals(visibility)) {
            result.addAll(List.of("timeline:public", "timeline:public:local",
                    "timeline:public:media", "timeline:public:local:media"));
            for (String tag : tags) {
                result.add(Stream.hashtag(tag, false));
                result.add(Stream.hashtag(tag, true));
            }
        }
        return result;
    }

    private void publish(ChannelMessage message, List<String> to) {
        to.forEach(channel -> channels.publish(channel, message));
    }

    private void later(Runnable work) {
        publishing.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("Could not publish to the streaming channels", e);
            }
        });
    }

    @Override
    public void destroy() {
        publishing.shutdownNow();
    }
}
