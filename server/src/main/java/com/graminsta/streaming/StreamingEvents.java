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
 * <li>A post: {@code update} to its author's and each follower's {@code timeline:{id}}, and when
 * public to the public channels and its hashtags' channels, of those that someone listens to
 * ({@link StreamTransport#listened}): what no one listens to is not published.
 * Comments are not on timelines (as on Instagram), so they are no {@code update}; their post's
 * counts changed, which is a {@code status.update} of the post, as is a like or unlike: on the
 * home timelines only (its author's and followers'), rendered for each of them, never on the
 * public and hashtag channels (decision 0036).
 * <li>A deleted post: {@code delete} on the same channels. A deleted comment was never sent, but
 * its post's count moved: a {@code status.update} of the post, as a new comment is.
 * <li>A notification: {@code notification} on {@code timeline:{recipient}:notifications}.
 * <li>A revoked token: {@code kill} on {@code timeline:access_token:{id}}, which ends its connections:
 * always published, since a socket that missed it would stream on with a revoked token.
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
        if (event.comment()) {
            later(() -> changed(event.inReplyToId()));
        } else {
            later(() -> publish(ChannelMessage.deleted(event.statusId(), event.accountId()),
                    channelsOf(event.accountId(), event.visibility(), event.tags())));
        }
    }

    @TransactionalEventListener
    void on(NotificationAdded event) {
        later(() -> {
            String channel = Stream.notifications(event.recipientId());
            if (channels.listened().contains(channel)) {
                channels.publish(channel, ChannelMessage.notification(event.notificationId()));
            }
        });
    }

    /** Revoking a token outside a transaction (RFC 7009's endpoint) ends its connections too. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(AccessTokensRevoked event) {
        later(() -> event.tokenIds().forEach(id ->
                channels.publish(StreamConnection.tokenChannel(id), ChannelMessage.kill())));
    }

    /**
     * A post's counts moved: a {@code status.update} on the home timelines the post went to, where
     * each viewer gets it with their own {@code favourited}. Not on the public and hashtag
     * channels: Mastodon sends {@code status.update} only for edits, and there it would reach every
     * connection of every instance for each like, rendered as anyone sees it, which would also
     * clear the {@code favourited} of the very viewer who liked it (decision 0036).
     */
    private void changed(long statusId) {
        if (channels.listened().nothing()) {
            return;
        }
        List<StatusJson> found = statuses.render(List.of(statusId), null);
        if (found.isEmpty() || found.getFirst().inReplyToId() != null) {
            return;
        }
        publish(ChannelMessage.about(ChannelMessage.STATUS_UPDATE, statusId),
                homeChannelsOf(Long.parseLong(found.getFirst().account().id())));
    }

    /**
     * Where a post by {@code authorId} goes, of the channels someone listens to: the home
     * timelines of its author and followers; when public, the public timelines (every post has
     * photos, so their media variants too) and its hashtags'. The followers are read only among
     * the accounts whose home timeline is listened to: a like on a post by an account with tens of
     * thousands of followers, none of them streaming, reads no followers and publishes nothing.
     */
    private List<String> channelsOf(long authorId, String visibility, Set<String> tags) {
        ListenedChannels listened = channels.listened();
        List<String> result = homeChannelsOf(authorId);
        if ("public".equals(visibility)) {
            for (String channel : List.of("timeline:public", "timeline:public:local",
                    "timeline:public:media", "timeline:public:local:media")) {
                addIfListened(result, listened, channel);
            }
            for (String tag : tags) {
                addIfListened(result, listened, Stream.hashtag(tag, false));
                addIfListened(result, listened, Stream.hashtag(tag, true));
            }
        }
        return result;
    }

    /** The home timelines of the author and its followers, of those someone listens to. */
    private List<String> homeChannelsOf(long authorId) {
        ListenedChannels listened = channels.listened();
        List<String> result = new ArrayList<>();
        addIfListened(result, listened, "timeline:" + authorId);
        List<Long> followersListening = listened.known()
                ? followers.among(authorId, listened.homeTimelines())
                : followers.of(authorId);
        for (long follower : followersListening) {
            addIfListened(result, listened, "timeline:" + follower);
        }
        return result;
    }

    private static void addIfListened(List<String> to, ListenedChannels listened, String channel) {
        if (listened.contains(channel)) {
            to.add(channel);
        }
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
