package com.graminsta.posts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.HtmlUtils;

/**
 * The plain text an author typed, read for its #hashtags and @mentions, and turned into the HTML
 * Mastodon clients display. The same parse runs when a status is posted (to store its tags and
 * mentions) and when it is shown (to link them), so the two always agree.
 *
 * <p>A hashtag is {@code #} and Unicode letters, digits and underscores, not all digits, at most
 * {@link StatusRules#TAG_MAX} long, not glued to a preceding word, URL path or HTML entity. A
 * mention is {@code @username} or {@code @username@this-domain}; a mention of another domain is
 * plain text, since only local accounts exist.
 */
final class StatusText {

    private static final String WORD = "\\p{L}\\p{M}\\p{Nd}_";
    private static final Pattern TOKEN = Pattern.compile(
            "(?<![" + WORD + "/&#])#([" + WORD + "]+)"
                    + "|(?<![" + WORD + "/@.])@([A-Za-z0-9_]+)(?:@([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*(?::\\d+)?))?");
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n{2,}");

    /** A piece of the text: plain, a hashtag, or a mention of a local username. */
    sealed interface Part {
    }

    record Plain(String text) implements Part {
    }

    /** @param typed the name as written, @param name its {@link Hashtags#normalise normalised} form */
    record Hashtag(String typed, String name) implements Part {
    }

    /** @param username as typed; usernames are matched ignoring case */
    record Mention(String username) implements Part {

        String key() {
            return username.toLowerCase(Locale.ROOT);
        }
    }

    private final String text;
    private final Set<String> localDomains;

    /** @param localDomains the host names a mention may carry and still be local, lower case */
    StatusText(String text, Set<String> localDomains) {
        this.text = text;
        this.localDomains = localDomains;
    }

    /** Line endings as clients send them vary; statuses store {@code \n} and no surrounding blanks. */
    static String normalise(String text) {
        return text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n').strip();
    }

    /** The distinct hashtags, normalised, in order of first appearance. */
    Set<String> hashtags() {
        Set<String> names = new LinkedHashSet<>();
        for (Part part : parts(text)) {
            if (part instanceof Hashtag tag) {
                names.add(tag.name());
            }
        }
        return names;
    }

    /** The distinct usernames mentioned, lower case, in order of first appearance. */
    Set<String> mentions() {
        Set<String> usernames = new LinkedHashSet<>();
        for (Part part : parts(text)) {
            if (part instanceof Mention mention) {
                usernames.add(mention.key());
            }
        }
        return usernames;
    }

    /**
     * The text as HTML: escaped, in paragraphs, line breaks kept, hashtags linked with
     * {@code tagUrl}, and mentions of {@code mentioned} accounts (lower-case username to the
     * account's URL and its username as registered) linked to their profiles. Mentions of anyone
     * else stay plain text.
     */
    String html(Map<String, MentionedAccount> mentioned, Function<String, String> tagUrl) {
        if (text.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder();
        for (String paragraph : PARAGRAPH_BREAK.split(text)) {
            html.append("<p>");
            for (Part part : parts(paragraph)) {
                switch (part) {
                    case Plain plain -> html.append(escape(plain.text()).replace("\n", "<br />"));
                    case Hashtag tag -> html.append("<a href=\"").append(escape(tagUrl.apply(tag.name())))
                            .append("\" class=\"mention hashtag\" rel=\"tag\">#<span>")
                            .append(escape(tag.typed())).append("</span></a>");
                    case Mention mention -> {
                        MentionedAccount account = mentioned.get(mention.key());
                        if (account == null) {
                            html.append('@').append(escape(mention.username()));
                        } else {
                            html.append("<span class=\"h-card\" translate=\"no\"><a href=\"").append(escape(account.url()))
                                    .append("\" class=\"u-url mention\">@<span>").append(escape(account.username()))
                                    .append("</span></a></span>");
                        }
                    }
                }
            }
            html.append("</p>");
        }
        return html.toString();
    }

    /** An account a status links to. */
    record MentionedAccount(long id, String username, String url) {
    }

    List<Part> parts(String source) {
        List<Part> parts = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(source);
        int plainFrom = 0;
        while (matcher.find()) {
            Part part = matcher.group(1) != null ? hashtag(matcher.group(1)) : mention(matcher.group(2), matcher.group(3));
            if (part == null) {
                continue;
            }
            if (matcher.start() > plainFrom) {
                parts.add(new Plain(source.substring(plainFrom, matcher.start())));
            }
            parts.add(part);
            plainFrom = matcher.end();
        }
        if (plainFrom < source.length()) {
            parts.add(new Plain(source.substring(plainFrom)));
        }
        return parts;
    }

    private static Hashtag hashtag(String typed) {
        String name = Hashtags.normalise(typed);
        boolean allDigits = name.codePoints().allMatch(Character::isDigit);
        if (allDigits || name.codePointCount(0, name.length()) > StatusRules.TAG_MAX) {
            return null;
        }
        return new Hashtag(typed, name);
    }

    private Mention mention(String username, String domain) {
        if (username.length() > StatusRules.USERNAME_MAX) {
            return null;
        }
        if (domain != null && !localDomains.contains(domain.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return new Mention(username);
    }

    /** Only the characters HTML gives meaning to; everything else is sent as UTF-8. */
    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
