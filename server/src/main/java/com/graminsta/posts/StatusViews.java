package com.graminsta.posts;

import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.graminsta.accounts.Account;
import com.graminsta.accounts.AccountJson;
import com.graminsta.accounts.AccountViews;
import com.graminsta.accounts.Accounts;
import com.graminsta.media.MediaAttachmentJson;
import com.graminsta.media.MediaAttachments;
import com.graminsta.platform.GraminstaSettings;
import com.graminsta.posts.MarkedStatuses.Marks;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.UriUtils;

/**
 * Renders statuses for a viewer, in the order of the ids given. A page costs the same handful of
 * queries whatever its length: the statuses, their authors and their photos (all three cached), the
 * mentions of those whose text names someone, and which of them the viewer likes or has bookmarked
 * (one query for both).
 */
@Component
public class StatusViews {

    private final Statuses statuses;
    private final Accounts accounts;
    private final AccountViews accountViews;
    private final MediaAttachments media;
    private final Mentions mentions;
    private final MarkedStatuses marked;
    private final GraminstaSettings settings;
    private final Set<String> localDomains;

    StatusViews(Statuses statuses, Accounts accounts, AccountViews accountViews, MediaAttachments media,
                Mentions mentions, MarkedStatuses marked, GraminstaSettings settings) {
        this.statuses = statuses;
        this.accounts = accounts;
        this.accountViews = accountViews;
        this.media = media;
        this.mentions = mentions;
        this.marked = marked;
        this.settings = settings;
        // One name when the public URL has no port: Set.copyOf, unlike Set.of, accepts the repeat.
        this.localDomains = Set.copyOf(List.of(settings.domain().toLowerCase(Locale.ROOT),
                settings.publicUrl().getHost().toLowerCase(Locale.ROOT)));
    }

    /**
     * The statuses with these ids as {@code viewerId} sees them (null: anonymous), in the order
     * given, skipping ids that no longer exist. Callers have already applied visibility.
     */
    @Transactional(readOnly = true)
    public List<StatusJson> render(List<Long> statusIds, Long viewerId) {
        return render(statusIds, viewerId, false);
    }

    /** One status with its plain text, as Mastodon answers a delete. */
    @Transactional(readOnly = true)
    StatusJson renderWithSource(long statusId, long viewerId) {
        return render(List.of(statusId), viewerId, true).getFirst();
    }

    /** Lets posting parse text exactly as rendering will. */
    StatusText text(String text) {
        return new StatusText(text, localDomains);
    }

    private List<StatusJson> render(List<Long> statusIds, Long viewerId, boolean withSource) {
        if (statusIds.isEmpty()) {
            return List.of();
        }
        Map<Long, StatusRow> rows = new HashMap<>();
        statuses.findAll(new LinkedHashSet<>(statusIds)).forEach(row -> rows.put(row.id(), row));
        Set<Long> found = rows.keySet();
        Set<Long> authorIds = new LinkedHashSet<>();
        rows.values().forEach(row -> authorIds.add(row.accountId()));
        Map<Long, AccountJson> authors = new HashMap<>();
        for (Account account : accounts.findAllById(authorIds).values()) {
            authors.put(account.id(), accountViews.render(account));
        }
        Map<Long, List<MediaAttachmentJson>> photos = media.forStatuses(found);
        Map<Long, StatusText> texts = new HashMap<>();
        rows.values().forEach(row -> texts.put(row.id(), text(row.text())));
        Map<Long, Map<String, Mentions.Mentioned>> mentioned = mentions.forStatuses(withMentions(texts));
        Marks marks = viewerId == null ? Marks.NONE : marked.marksAmong(viewerId, found);

        List<StatusJson> rendered = new ArrayList<>();
        for (Long id : statusIds) {
            StatusRow row = rows.get(id);
            AccountJson author = row == null ? null : authors.get(row.accountId());
            if (author == null) {
                continue;
            }
            rendered.add(render(row, texts.get(id), author, photos.getOrDefault(id, List.of()),
                    mentioned.getOrDefault(id, Map.of()), marks.liked().contains(id), marks.bookmarked().contains(id),
                    withSource));
        }
        return rendered;
    }

    /** Only a text that names someone can have mentions, so most pages need no query for them. */
    private static Set<Long> withMentions(Map<Long, StatusText> texts) {
        Set<Long> ids = new HashSet<>();
        texts.forEach((id, text) -> {
            if (!text.mentions().isEmpty()) {
                ids.add(id);
            }
        });
        return ids;
    }

    private StatusJson render(StatusRow row, StatusText text, AccountJson author, List<MediaAttachmentJson> photos,
                              Map<String, Mentions.Mentioned> mentioned, boolean favourited, boolean bookmarked,
                              boolean withSource) {
        Map<String, StatusText.MentionedAccount> links = new HashMap<>();
        mentioned.forEach((key, account) -> links.put(key,
                new StatusText.MentionedAccount(account.accountId(), account.username(), profileUrl(account.username()))));
        List<StatusJson.Mention> mentionList = new ArrayList<>();
        for (String username : text.mentions()) {
            StatusText.MentionedAccount account = links.get(username);
            if (account != null) {
                mentionList.add(new StatusJson.Mention(Long.toString(account.id()), account.username(), account.url(),
                        account.username()));
            }
        }
        List<StatusJson.Tag> tags = text.hashtags().stream().map(name -> new StatusJson.Tag(name, tagUrl(name))).toList();
        String id = Long.toString(row.id());
        return new StatusJson(
                id,
                row.createdAt().truncatedTo(ChronoUnit.MILLIS),
                row.inReplyToId() == null ? null : Long.toString(row.inReplyToId()),
                row.inReplyToAccountId() == null ? null : Long.toString(row.inReplyToAccountId()),
                row.sensitive(),
                row.spoilerText(),
                row.visibility(),
                row.language(),
                settings.url("/users/" + author.username() + "/statuses/" + id),
                settings.url("/@" + author.username() + "/" + id),
                row.repliesCount(),
                0,
                row.favouritesCount(),
                null,
                favourited,
                false,
                false,
                bookmarked,
                false,
                text.html(links, this::tagUrl),
                null,
                author,
                photos,
                mentionList,
                tags,
                List.of(),
                null,
                null,
                withSource ? row.text() : null);
    }

    private String profileUrl(String username) {
        return settings.url("/@" + username);
    }

    private String tagUrl(String name) {
        return settings.url("/tags/" + UriUtils.encodePathSegment(name, StandardCharsets.UTF_8));
    }
}
