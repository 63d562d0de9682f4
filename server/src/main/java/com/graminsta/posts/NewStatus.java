package com.graminsta.posts;

import java.util.List;

/**
 * A post or comment as asked for, its fields already read from the request but not yet checked
 * against the rules (that needs the database: the author, the post replied to, the photos).
 *
 * @param visibility as sent; null for the author's default
 * @param sensitive as sent; null for "only if there is a spoiler text"
 */
record NewStatus(String text, List<Long> mediaIds, String visibility, Boolean sensitive, String spoilerText,
                 Long inReplyToId, String language) {
}
