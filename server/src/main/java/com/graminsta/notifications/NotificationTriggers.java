package com.graminsta.notifications;

import java.util.LinkedHashSet;
import java.util.Set;

import com.graminsta.posts.StatusFavourited;
import com.graminsta.posts.StatusPublished;
import com.graminsta.social.AccountFollowed;
import com.graminsta.social.FollowRequested;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns what happens elsewhere into notifications, in the action's own transaction: a like and
 * its notification commit together or not at all, so a crash can lose neither, and an action that
 * rolled back notifies nobody. Each costs an insert or two on the connection the action already
 * holds; fanning out to many recipients (followers' feeds) is different work, for the job queue.
 *
 * <p>A deleted status needs no listener: its notifications go with it, by foreign key.
 */
@Component
class NotificationTriggers {

    private final Notifications notifications;
    private final ApplicationEventPublisher events;

    NotificationTriggers(Notifications notifications, ApplicationEventPublisher events) {
        this.notifications = notifications;
        this.events = events;
    }

    private void add(long recipientId, long fromAccountId, NotificationType type, Long statusId) {
        notifications.add(recipientId, fromAccountId, type, statusId)
                .ifPresent(id -> events.publishEvent(new NotificationAdded(recipientId, id)));
    }

    /**
     * A new follower is news, unless the account approved the request itself: then the request's
     * notification has served its purpose and goes, and nothing new is said. Requests let in all at
     * once by unlocking the account were never looked at one by one, so each becomes a follow.
     */
    @EventListener
    @Transactional
    public void on(AccountFollowed event) {
        boolean requestNotified = notifications.removeFollowRequest(event.targetId(), event.followerId());
        if (!requestNotified || !event.approvedByTarget()) {
            add(event.targetId(), event.followerId(), NotificationType.FOLLOW, null);
        }
    }

    @EventListener
    @Transactional
    public void on(FollowRequested event) {
        add(event.targetId(), event.requesterId(), NotificationType.FOLLOW_REQUEST, null);
    }

    @EventListener
    @Transactional
    public void on(StatusFavourited event) {
        add(event.authorId(), event.accountId(), NotificationType.FAVOURITE, event.statusId());
    }

    /**
     * Everyone mentioned hears of the status, and so does the author of the post a comment is
     * under; once each, even when a comment also mentions the post's author.
     */
    @EventListener
    @Transactional
    public void on(StatusPublished event) {
        Set<Long> recipients = new LinkedHashSet<>(event.mentionedAccountIds());
        if (event.inReplyToAccountId() != null) {
            recipients.add(event.inReplyToAccountId());
        }
        for (long recipient : recipients) {
            add(recipient, event.accountId(), NotificationType.MENTION, event.statusId());
        }
    }
}
