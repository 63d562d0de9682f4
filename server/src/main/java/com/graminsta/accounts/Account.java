package com.graminsta.accounts;

import java.time.Instant;

/** A profile as stored. */
public record Account(
        long id,
        String username,
        String displayName,
        String note,
        boolean locked,
        String avatarKey,
        int followersCount,
        int followingCount,
        int statusesCount,
        Instant lastStatusAt,
        Instant createdAt) {
}
