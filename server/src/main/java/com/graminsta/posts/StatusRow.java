package com.graminsta.posts;

import java.time.Instant;

/**
 * A status as stored.
 *
 * @param postAccountId the author of the thread's top-level post, whose audience a comment shares
 */
record StatusRow(
        long id,
        long accountId,
        Long inReplyToId,
        Long inReplyToAccountId,
        long postAccountId,
        String text,
        String spoilerText,
        boolean sensitive,
        String visibility,
        String language,
        int favouritesCount,
        int repliesCount,
        Instant createdAt) {

    boolean isComment() {
        return inReplyToId != null;
    }
}
