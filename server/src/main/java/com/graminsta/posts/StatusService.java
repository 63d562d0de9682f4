package com.graminsta.posts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.graminsta.accounts.Account;
import com.graminsta.accounts.Accounts;
import com.graminsta.media.MediaAttachments;
import com.graminsta.platform.web.ApiException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Posting, reading and deleting statuses, each in one transaction. */
@Service
class StatusService {

    /** As many comments as a thread shows at once; Mastodon's limit for signed-in viewers. */
    static final int DESCENDANTS_MAX = 4_096;
    /** Anonymous readers get the start of a thread, as in Mastodon. */
    static final int DESCENDANTS_MAX_ANONYMOUS = 60;

    private final Statuses statuses;
    private final StatusViews views;
    private final Accounts accounts;
    private final MediaAttachments media;
    private final Tags tags;
    private final Mentions mentions;
    private final IdempotencyKeys idempotencyKeys;
    private final ApplicationEventPublisher events;

    StatusService(Statuses statuses, StatusViews views, Accounts accounts, MediaAttachments media, Tags tags,
                  Mentions mentions, IdempotencyKeys idempotencyKeys, ApplicationEventPublisher events) {
        this.statuses = statuses;
        this.views = views;
        this.accounts = accounts;
        this.media = media;
        this.tags = tags;
        this.mentions = mentions;
        this.idempotencyKeys = idempotencyKeys;
        this.events = events;
    }

    /**
     * Posts a status. With an idempotency key, a repeat of a request that already posted answers
     * with that post and posts nothing, even when the two arrive at once.
     */
    @Transactional
    StatusJson create(long authorId, String idempotencyKey, NewStatus request) {
        long id = statuses.nextId(authorId);
        Optional<Long> earlier = idempotencyKey == null ? Optional.empty()
                : idempotencyKeys.claim(authorId, idempotencyKey, id);
        if (earlier.isEmpty()) {
            publish(id, authorId, request);
        }
        return views.render(List.of(earlier.orElse(id)), authorId).getFirst();
    }

    private void publish(long id, long authorId, NewStatus request) {
        Account author = accounts.findById(authorId).orElseThrow(ApiException::notFound);
        String text = StatusRules.text(request.text());
        String spoilerText = StatusRules.spoilerText(request.spoilerText());
        String visibility = StatusRules.visibility(request.visibility(), author.locked());
        List<Long> mediaIds = photos(request.mediaIds());
        StatusRow parent = null;
        if (request.inReplyToId() != null) {
            parent = statuses.lockVisible(request.inReplyToId(), authorId).orElseThrow(ApiException::notFound);
            requireComment(text, mediaIds);
        } else {
            requirePost(mediaIds);
        }
        StatusText parsed = views.text(text);
        Set<String> hashtags = parsed.hashtags();
        StatusRules.hashtagCount(hashtags.size());
        Set<String> usernames = parsed.mentions();
        StatusRules.mentionCount(usernames.size());

        StatusRow status = new StatusRow(id, authorId,
                parent == null ? null : parent.id(),
                parent == null ? null : parent.accountId(),
                parent == null ? authorId : parent.postAccountId(),
                text, spoilerText,
                // As in Mastodon, a content warning hides the photos too.
                Boolean.TRUE.equals(request.sensitive()) || !spoilerText.isEmpty(),
                // A comment is seen where its post is, so it takes the post's visibility.
                parent == null ? visibility : parent.visibility(),
                StatusRules.language(request.language()),
                0, 0, null);
        statuses.insert(status);
        if (parent == null) {
            media.attach(authorId, id, mediaIds);
            accounts.countPost(authorId, 1);
        } else {
            statuses.countReply(parent.id(), 1);
        }
        tags.attach(id, hashtags);
        Map<String, Long> mentioned = mentions.resolve(usernames);
        mentions.attach(id, mentioned.values());
        events.publishEvent(new StatusPublished(id, authorId, status.visibility(), status.inReplyToId(),
                status.inReplyToAccountId(), Set.copyOf(mentioned.values()), Set.copyOf(hashtags)));
    }

    @Transactional(readOnly = true)
    StatusJson get(long id, Long viewerId) {
        StatusRow status = statuses.findVisible(id, viewerId).orElseThrow(ApiException::notFound);
        return views.render(List.of(status.id()), viewerId).getFirst();
    }

    /** The statuses among these that the viewer may see, by the rule {@link #get} applies, in the order given. */
    @Transactional(readOnly = true)
    List<StatusJson> getAll(List<Long> ids, Long viewerId) {
        Set<Long> visible = statuses.visibleAmong(ids, viewerId);
        return views.render(ids.stream().filter(visible::contains).toList(), viewerId);
    }

    @Transactional(readOnly = true)
    StatusSourceJson source(long id, Long viewerId) {
        StatusRow status = statuses.findVisible(id, viewerId).orElseThrow(ApiException::notFound);
        return new StatusSourceJson(Long.toString(status.id()), status.text(), status.spoilerText());
    }

    @Transactional(readOnly = true)
    ContextJson context(long id, Long viewerId) {
        StatusRow status = statuses.findVisible(id, viewerId).orElseThrow(ApiException::notFound);
        List<Long> ancestors = status.isComment() ? statuses.visibleAncestors(id, viewerId) : List.of();
        int limit = viewerId == null ? DESCENDANTS_MAX_ANONYMOUS : DESCENDANTS_MAX;
        List<Long> descendants = status.repliesCount() > 0 ? statuses.visibleDescendants(id, viewerId, limit) : List.of();
        return new ContextJson(views.render(ancestors, viewerId), views.render(descendants, viewerId));
    }

    /**
     * Deletes the author's own status with its comments, likes, tags, mentions and photos, and
     * puts the counters back. Answers with the status as it was, its text included.
     */
    @Transactional
    StatusJson delete(long id, long authorId) {
        StatusRow found = statuses.find(id).filter(status -> status.accountId() == authorId)
                .orElseThrow(ApiException::notFound);
        if (found.isComment()) {
            // Parent before child, the order in which deleting the parent takes them: a comment
            // and its post deleted at once then queue instead of deadlocking.
            statuses.lock(found.inReplyToId());
        }
        StatusRow status = statuses.lockOwn(id, authorId).orElseThrow(ApiException::notFound);
        StatusJson deleted = views.renderWithSource(id, authorId);
        List<StatusRow> comments = statuses.descendants(id);
        media.deleteForStatus(id);
        statuses.delete(id, comments);
        if (status.isComment()) {
            statuses.countReply(status.inReplyToId(), -1);
        } else {
            accounts.countPost(authorId, -1);
        }
        events.publishEvent(deleted(status));
        for (StatusRow comment : comments) {
            events.publishEvent(deleted(comment));
        }
        return deleted;
    }

    private StatusDeleted deleted(StatusRow status) {
        return new StatusDeleted(status.id(), status.accountId(), status.visibility(), status.inReplyToId(),
                Set.copyOf(views.text(status.text()).hashtags()));
    }

    private static void requirePost(List<Long> mediaIds) {
        if (mediaIds.isEmpty()) {
            throw StatusRules.invalid("A post needs at least one photo");
        }
    }

    private static void requireComment(String text, List<Long> mediaIds) {
        if (!mediaIds.isEmpty()) {
            throw StatusRules.invalid("A comment cannot have photos");
        }
        if (text.isEmpty()) {
            throw StatusRules.invalid("Text can't be blank");
        }
    }

    /** The photos in the order given, each once; more than a post may have is refused before anything is looked up. */
    private static List<Long> photos(List<Long> ids) {
        if (ids == null) {
            return List.of();
        }
        if (ids.size() > MediaAttachments.MAX_PER_STATUS) {
            throw StatusRules.invalid("A post has at most " + MediaAttachments.MAX_PER_STATUS + " photos");
        }
        return new ArrayList<>(new LinkedHashSet<>(ids));
    }
}
