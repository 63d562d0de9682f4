package com.graminsta.accounts;

import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import com.graminsta.platform.GraminstaSettings;
import com.graminsta.platform.storage.MediaStore;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/** Renders accounts as Mastodon entities. */
@Component
public class AccountViews {

    /** Compiled once: every profile and every post's author renders a bio. */
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\R{2,}");
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");

    private final GraminstaSettings settings;
    private final MediaStore media;
    private final DefaultImages defaults;

    AccountViews(GraminstaSettings settings, MediaStore media, DefaultImages defaults) {
        this.settings = settings;
        this.media = media;
        this.defaults = defaults;
    }

    public AccountJson render(Account account) {
        return render(account, null);
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
