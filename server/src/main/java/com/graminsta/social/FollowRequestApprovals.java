package com.graminsta.social;

import com.graminsta.accounts.AccountUnlocked;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The social graph's part in unlocking an account: everyone waiting for an answer is let in, each
 * request becoming a follow, as in Mastodon.
 *
 * <p>Accounts owns the {@code locked} flag and cannot call this module (social already depends on
 * accounts), so it announces the change: {@link AccountUnlocked}, published in the unlocking
 * transaction and heard here, synchronously, so the approvals commit with the unlock.
 */
@Component
public class FollowRequestApprovals {

    private final SocialGraph graph;

    FollowRequestApprovals(SocialGraph graph) {
        this.graph = graph;
    }

    @EventListener
    void on(AccountUnlocked unlocked) {
        approveAllFor(unlocked.accountId());
    }

    /**
     * Turns every pending request to the account into a follow. Call it in the transaction that
     * unlocks the account, after the update, so that the two commit together and no request can
     * slip in between. Repeating it is harmless.
     *
     * @return how many follows were made
     */
    public int approveAllFor(long accountId) {
        return graph.approveAllRequests(accountId);
    }
}
