package com.graminsta.social;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.graminsta.accounts.Account;
import com.graminsta.accounts.AccountViews;
import com.graminsta.accounts.Accounts;
import com.graminsta.platform.web.ApiException;
import com.graminsta.platform.web.Paging;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every change to the graph, each in one transaction, and the lists read from it.
 *
 * <p>An account that blocks the actor does not exist for the actor: following it, and every
 * list of it, answers 404, as for an unknown id. Blocking and muting it back still work.
 */
@Service
class SocialGraph {

    static final String NOT_ALLOWED = "This action is not allowed";

    private final Accounts accounts;
    private final AccountViews views;
    private final AccountLocks locks;
    private final Follows follows;
    private final FollowRequests requests;
    private final Blocks blocks;
    private final Mutes mutes;
    private final Relationships relationships;
    private final ApplicationEventPublisher events;

    SocialGraph(Accounts accounts, AccountViews views, AccountLocks locks, Follows follows, FollowRequests requests,
                Blocks blocks, Mutes mutes, Relationships relationships, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.views = views;
        this.locks = locks;
        this.follows = follows;
        this.requests = requests;
        this.blocks = blocks;
        this.mutes = mutes;
        this.relationships = relationships;
        this.events = events;
    }

    /**
     * Follows the target, or asks to when it is locked. Repeating is harmless. Following an
     * account one blocks is refused: unblocking comes first.
     */
    @Transactional
    Relationship follow(long actorId, long targetId) {
        if (actorId == targetId) {
            throw ApiException.unprocessable("Validation failed: You cannot follow yourself");
        }
        locks.lockPair(actorId, targetId);
        Account target = visible(targetId, actorId);
        if (blocks.blocks(actorId, targetId)) {
            throw ApiException.unprocessable(NOT_ALLOWED);
        }
        if (!follows.exists(actorId, targetId)) {
            if (target.locked()) {
                if (requests.add(actorId, targetId)) {
                    events.publishEvent(new FollowRequested(actorId, targetId));
                }
            } else {
                // A request made while the account was locked is answered by the follow itself.
                requests.remove(actorId, targetId);
                if (follows.add(actorId, targetId)) {
                    events.publishEvent(new AccountFollowed(actorId, targetId, false));
                }
            }
        }
        return relationships.of(actorId, targetId);
    }

    /** Stops following, or withdraws the request to. */
    @Transactional
    Relationship unfollow(long actorId, long targetId) {
        locks.lockPair(actorId, targetId);
        visible(targetId, actorId);
        follows.remove(actorId, targetId);
        requests.remove(actorId, targetId);
        return relationships.of(actorId, targetId);
    }

    /** Lets a requester follow the actor. The id is the requester's account id, as in Mastodon. */
    @Transactional
    Relationship authorize(long actorId, long requesterId) {
        locks.lockPair(actorId, requesterId);
        if (!requests.remove(requesterId, actorId)) {
            throw ApiException.notFound();
        }
        if (follows.add(requesterId, actorId)) {
            events.publishEvent(new AccountFollowed(requesterId, actorId, true));
        }
        return relationships.of(actorId, requesterId);
    }

    /**
     * Turns every request waiting for the account into a follow, as Mastodon does when an account
     * is unlocked: each is a new follow of the unlocked account ({@link AccountFollowed}, not
     * approved by the target), and the counters move once per follow.
     *
     * <p>The account and all the requesters are locked in the one global order first, so that a
     * requester withdrawing or following at the same moment either goes first or waits. A caller
     * that already holds the account's row (the unlocking update) also keeps new requests out:
     * they need that lock too, and after it they find the account unlocked and simply follow.
     *
     * @return how many follows were made
     */
    @Transactional
    int approveAllRequests(long accountId) {
        List<Long> requesterIds = requests.requesterIds(accountId);
        if (requesterIds.isEmpty()) {
            return 0;
        }
        List<Long> involved = new ArrayList<>(requesterIds);
        involved.add(accountId);
        locks.lockAll(involved);
        int approved = 0;
        for (long requesterId : requesterIds) {
            // Withdrawn meanwhile: nothing to approve.
            if (requests.remove(requesterId, accountId) && follows.add(requesterId, accountId)) {
                events.publishEvent(new AccountFollowed(requesterId, accountId, false));
                approved++;
            }
        }
        return approved;
    }

    @Transactional
    Relationship reject(long actorId, long requesterId) {
        if (!requests.remove(requesterId, actorId)) {
            throw ApiException.notFound();
        }
        return relationships.of(actorId, requesterId);
    }

    /** Blocks the target and ends every follow and request between the two, both ways. */
    @Transactional
    Relationship block(long actorId, long targetId) {
        if (actorId == targetId) {
            throw ApiException.unprocessable("Validation failed: You cannot block yourself");
        }
        locks.lockPair(actorId, targetId);
        existing(targetId);
        blocks.add(actorId, targetId);
        follows.remove(actorId, targetId);
        follows.remove(targetId, actorId);
        requests.remove(actorId, targetId);
        requests.remove(targetId, actorId);
        return relationships.of(actorId, targetId);
    }

    /**
     * Blocking, muting and undoing them need only the account to exist: someone who was blocked
     * may block back, and either side of a mutual block may lift their own.
     */
    @Transactional
    Relationship unblock(long actorId, long targetId) {
        existing(targetId);
        blocks.remove(actorId, targetId);
        return relationships.of(actorId, targetId);
    }

    /** Mutes the target for {@code duration}, or until unmuted when it is null. */
    @Transactional
    Relationship mute(long actorId, long targetId, boolean hideNotifications, Duration duration) {
        if (actorId == targetId) {
            throw ApiException.unprocessable("Validation failed: You cannot mute yourself");
        }
        existing(targetId);
        mutes.add(actorId, targetId, hideNotifications, duration);
        return relationships.of(actorId, targetId);
    }

    @Transactional
    Relationship unmute(long actorId, long targetId) {
        existing(targetId);
        mutes.remove(actorId, targetId);
        return relationships.of(actorId, targetId);
    }

    @Transactional(readOnly = true)
    List<Relationship> relationships(long viewerId, List<Long> accountIds) {
        return relationships.of(viewerId, accountIds);
    }

    @Transactional(readOnly = true)
    AccountPage followers(long accountId, Long viewerId, Paging paging) {
        visible(accountId, viewerId);
        return page(follows.followersOf(accountId, viewerId, paging));
    }

    @Transactional(readOnly = true)
    AccountPage following(long accountId, Long viewerId, Paging paging) {
        visible(accountId, viewerId);
        return page(follows.followedBy(accountId, viewerId, paging));
    }

    @Transactional(readOnly = true)
    AccountPage followRequests(long accountId, Paging paging) {
        return page(requests.to(accountId, paging));
    }

    @Transactional(readOnly = true)
    AccountPage blocked(long accountId, Paging paging) {
        return page(blocks.by(accountId, paging));
    }

    @Transactional(readOnly = true)
    AccountPage muted(long accountId, Paging paging) {
        return page(mutes.by(accountId, paging));
    }

    /** The account, unless it is unknown or blocks the viewer; both are a 404. */
    private Account visible(long accountId, Long viewerId) {
        Account account = accounts.findById(accountId).orElseThrow(ApiException::notFound);
        if (blocks.hiddenFrom(accountId, viewerId)) {
            throw ApiException.notFound();
        }
        return account;
    }

    private void existing(long accountId) {
        if (!accounts.exists(accountId)) {
            throw ApiException.notFound();
        }
    }

    private AccountPage page(List<Listed> entries) {
        List<Long> ids = entries.stream().map(Listed::accountId).toList();
        return new AccountPage(entries, views.renderAll(accounts.findAllById(ids).values()));
    }
}
