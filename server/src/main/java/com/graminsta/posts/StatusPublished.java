package com.graminsta.posts;

import java.util.Set;

/**
 * A post or comment was created (published after its transaction commits).
 *
 * @param inReplyToId the post this comment answers, or null for a post
 * @param inReplyToAccountId that post's author, or null
 * @param mentionedAccountIds local accounts @mentioned in the text
 */
public record StatusPublished(long statusId, long accountId, String visibility, Long inReplyToId,
                              Long inReplyToAccountId, Set<Long> mentionedAccountIds, Set<String> tags) {
}
