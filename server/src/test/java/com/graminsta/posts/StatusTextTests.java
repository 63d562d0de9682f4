package com.graminsta.posts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class StatusTextTests {

    private static final Set<String> LOCAL = Set.of("graminsta.example", "graminsta.example:8443");
    private static final Map<String, StatusText.MentionedAccount> BOB =
            Map.of("bob", new StatusText.MentionedAccount(7, "Bob", "https://graminsta.example/@Bob"));

    private static StatusText text(String text) {
        return new StatusText(text, LOCAL);
    }

    private static String html(String text) {
        return text(text).html(BOB, name -> "https://graminsta.example/tags/" + name);
    }

    @Test
    void findsHashtagsInAnyScriptNormalisedAndOnce() {
        assertThat(text("#Sunset at the #beach, #sunset again #café #東京 #snake_case").hashtags())
                .containsExactly("sunset", "beach", "café", "東京", "snake_case");
    }

    @Test
    void hashtagNamesAreNormalisedLikeTheyAreLookedUp() {
        String decomposed = "cafe\u0301";
        assertThat(text("#" + decomposed + " #CAFÉ").hashtags()).containsExactly("café");
        assertThat(Hashtags.normalise("Ｃａｆé")).isEqualTo("café");
    }

    @Test
    void numbersUrlFragmentsAndGluedWordsAreNotHashtags() {
        assertThat(text("#2026 and #1 are numbers, see https://x.example/page#section, mail#tag, ##double").hashtags())
                .isEmpty();
        assertThat(text("#_1 #a1 (#inbrackets)").hashtags()).containsExactly("_1", "a1", "inbrackets");
    }

    @Test
    void hashtagsLongerThanTheLimitStayText() {
        String longest = "a".repeat(StatusRules.TAG_MAX);
        assertThat(text("#" + longest + " #" + longest + "b").hashtags()).containsExactly(longest);
    }

    @Test
    void findsLocalMentionsWithOrWithoutTheDomain() {
        assertThat(text("@Alice hi @bob@graminsta.example and @carol@GRAMINSTA.example:8443").mentions())
                .containsExactly("alice", "bob", "carol");
    }

    @Test
    void emailsRemoteAccountsAndOverlongNamesAreNotMentions() {
        assertThat(text("mail me@bob.example, ask @dave@mastodon.social, or @" + "x".repeat(31)).mentions()).isEmpty();
    }

    @Test
    void htmlEscapesTheTextAndKeepsLinesAndParagraphs() {
        assertThat(html("<b>bold</b> & \"quoted\"\nnext line\n\n\nnew paragraph"))
                .isEqualTo("<p>&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;<br />next line</p><p>new paragraph</p>");
    }

    @Test
    void htmlLinksHashtagsAndKnownMentionsOnly() {
        assertThat(html("Hi @bob and @nobody #Beach"))
                .isEqualTo("<p>Hi <span class=\"h-card\" translate=\"no\"><a href=\"https://graminsta.example/@Bob\""
                        + " class=\"u-url mention\">@<span>Bob</span></a></span> and @nobody"
                        + " <a href=\"https://graminsta.example/tags/beach\" class=\"mention hashtag\" rel=\"tag\">#<span>Beach</span></a></p>");
    }

    @Test
    void htmlKeepsNonAsciiTextAsIs() {
        assertThat(html("Grüße aus Köln 🌅")).isEqualTo("<p>Grüße aus Köln 🌅</p>");
    }

    @Test
    void htmlOfNothingIsEmpty() {
        assertThat(html("")).isEmpty();
    }

    @Test
    void normalisingUnifiesLineEndingsAndTrims() {
        assertThat(StatusText.normalise("  a\r\nb\rc  \n")).isEqualTo("a\nb\nc");
        assertThat(StatusText.normalise(null)).isEmpty();
    }
}
