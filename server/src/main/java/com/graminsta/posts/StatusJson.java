package com.graminsta.posts;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.graminsta.accounts.AccountJson;
import com.graminsta.media.MediaAttachmentJson;

/**
 * The Mastodon {@code Status} entity. {@code content} is HTML made from the plain text the author
 * typed (escaped, with links for #hashtags and @mentions); {@code favourited} is for the viewer.
 * {@code text}, the plain text itself, is present only where Mastodon sends it: in the answer to
 * a delete, so a client can offer "delete and redraft".
 */
public record StatusJson(
        String id,
        Instant createdAt,
        String inReplyToId,
        String inReplyToAccountId,
        boolean sensitive,
        String spoilerText,
        String visibility,
        String language,
        String uri,
        String url,
        int repliesCount,
        int reblogsCount,
        int favouritesCount,
        Instant editedAt,
        boolean favourited,
        boolean reblogged,
        boolean muted,
        boolean bookmarked,
        boolean pinned,
        String content,
        Object reblog,
        AccountJson account,
        List<MediaAttachmentJson> mediaAttachments,
        List<Mention> mentions,
        List<Tag> tags,
        List<Object> emojis,
        Object card,
        Object poll,
        @JsonInclude(JsonInclude.Include.NON_NULL) String text) {

    public record Mention(String id, String username, String url, String acct) {
    }

    public record Tag(String name, String url) {
    }
}
