package com.graminsta.accounts;

import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.graminsta.platform.GraminstaSettings;
import com.graminsta.platform.storage.MediaStore;
import com.graminsta.platform.web.RenderedJson;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/** Renders accounts as Mastodon entities. */
@Component
public class AccountViews {

    /** Compiled once: every profile and every post's author renders a bio. */
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\R{2,}");
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");

    /** Profiles whose JSON is kept: the most viewed; one that drops out is written again when next asked for. */
    static final long RENDERED_MAX = 10_000;

    private final GraminstaSettings settings;
    private final MediaStore media;
    private final DefaultImages defaults;
    private final JsonMapper json;

    /**
     * Each recently shown profile's JSON, with the account it was written from. A rendering
     * depends on nothing else (settings and media URLs are fixed for the process), so it stands
     * for as long as the account read from the cache is equal to that one: an edit evicts the
     * account, the next read is a new version, and its JSON is written afresh.
     */
    private final Cache<Long, RenderedProfile> rendered = Caffeine.newBuilder().maximumSize(RENDERED_MAX).build();

    private record RenderedProfile(Account account, RenderedJson<AccountJson> json) {
    }

    AccountViews(GraminstaSettings settings, MediaStore media, DefaultImages defaults, JsonMapper json) {
        this.settings = settings;
        this.media = media;
        this.defaults = defaults;
        this.json = json;
    }

    public AccountJson render(Account account) {
        return render(account, null);
    }

    /**
     * The public profile as JSON, written once per version of the account rather than on every
     * request: the same bytes Jackson would write for {@link #render(Account)}.
     */
    RenderedJson<AccountJson> renderJson(Account account) {
        RenderedProfile last = rendered.getIfPresent(account.id());
        if (last != null && last.account().equals(account)) {
            return last.json();
        }
        RenderedJson<AccountJson> written = RenderedJson.of(render(account), json);
        rendered.put(account.id(), new RenderedProfile(account, written));
        return written;
    }

    public List<AccountJson> renderAll(Collection<Account> accounts) {
        return accounts.stream().map(this::render).toList();
    }

    AccountJson render(Account account, AccountJson.Source source) {
        String profileUrl = settings.url("/@" + account.username());
        String avatar = account.avatarKey() == null ? defaults.avatarUrl() : media.url(account.avatarKey());
        String header = defaults.headerUrl();
        return new AccountJson(
                Long.toString(account.id()),
                account.username(),
                account.username(),
                account.displayName(),
                account.locked(),
                false,
                true,
                true,
                false,
                account.createdAt().atOffset(ZoneOffset.UTC).toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC),
                noteHtml(account.note()),
                profileUrl,
                settings.url("/users/" + account.username()),
                avatar,
                avatar,
                header,
                header,
                account.followersCount(),
                account.followingCount(),
                account.statusesCount(),
                account.lastStatusAt() == null ? null : account.lastStatusAt().atOffset(ZoneOffset.UTC).toLocalDate(),
                false,
                List.of(),
                List.of(),
                source);
    }

    /** A bio is plain text; Mastodon clients expect HTML, so it is escaped and given paragraphs. */
    static String noteHtml(String note) {
        if (note.isBlank()) {
            return "";
        }
        StringBuilder html = new StringBuilder();
        for (String paragraph : PARAGRAPH_BREAK.split(note.strip())) {
            html.append("<p>").append(LINE_BREAK.matcher(HtmlUtils.htmlEscape(paragraph)).replaceAll("<br>")).append("</p>");
        }
        return html.toString();
    }
}
