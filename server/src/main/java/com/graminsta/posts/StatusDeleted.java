package com.graminsta.posts;

import java.util.Set;

/**
 * A status and everything hanging off it is gone. What it was (its visibility, what it answered
 * when it was a comment, its hashtags) travels with it, since nothing of it can be read back once
 * it commits.
 */
public record StatusDeleted(long statusId, long accountId, String visibility, Long inReplyToId, Set<String> tags) {

    public boolean comment() {
        return inReplyToId != null;
    }
}
