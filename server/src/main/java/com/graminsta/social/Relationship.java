package com.graminsta.social;

import java.util.List;

/**
 * The Mastodon {@code Relationship} entity: how the viewer stands with one account. Fields
 * Graminsta has no notion of (domain blocks, endorsements, private notes, per-follow languages
 * and notifications) keep Mastodon's neutral values so clients need no special case.
 */
record Relationship(
        String id,
        boolean following,
        boolean showingReblogs,
        boolean notifying,
        List<String> languages,
        boolean followedBy,
        boolean blocking,
        boolean blockedBy,
        boolean muting,
        boolean mutingNotifications,
        boolean requested,
        boolean requestedBy,
        boolean domainBlocking,
        boolean endorsed,
        String note) {

    /** The stored edges between the viewer and one account, as read in one query. */
    record Edges(long accountId, boolean following, boolean followedBy, boolean requested, boolean requestedBy,
                 boolean blocking, boolean blockedBy, boolean muting, boolean muteHidesNotifications) {
    }

    static Relationship of(Edges edges) {
        return new Relationship(
                Long.toString(edges.accountId()),
                edges.following(),
                // Reposts are shown for every follow (there is no per-follow switch), and a request
                // carries the same default into the follow it becomes.
                edges.following() || edges.requested(),
                false,
                null,
                edges.followedBy(),
                edges.blocking(),
                edges.blockedBy(),
                edges.muting(),
                edges.muting() && edges.muteHidesNotifications(),
                edges.requested(),
                edges.requestedBy(),
                false,
                false,
                "");
    }
}
