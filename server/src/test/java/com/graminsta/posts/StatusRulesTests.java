package com.graminsta.posts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.graminsta.platform.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class StatusRulesTests {

    @Test
    void visibilityDefaultsToTheAccountsPrivacy() {
        assertThat(StatusRules.visibility(null, false)).isEqualTo("public");
        assertThat(StatusRules.visibility("", true)).isEqualTo("private");
        assertThat(StatusRules.visibility("Unlisted", true)).isEqualTo("unlisted");
    }

    @Test
    void directAndUnknownVisibilitiesAreRefused() {
        assertUnprocessable(() -> StatusRules.visibility("direct", false));
        assertUnprocessable(() -> StatusRules.visibility("everyone", false));
    }

    @Test
    void textIsCountedInCodePoints() {
        String emoji = "🌅";
        assertThat(StatusRules.text(emoji.repeat(StatusRules.TEXT_MAX))).hasSize(2 * StatusRules.TEXT_MAX);
        assertUnprocessable(() -> StatusRules.text("a".repeat(StatusRules.TEXT_MAX + 1)));
    }

    @Test
    void surroundingBlanksDoNotCount() {
        assertThat(StatusRules.text("  " + "a".repeat(StatusRules.TEXT_MAX) + "\n\n")).hasSize(StatusRules.TEXT_MAX);
    }

    @Test
    void spoilerTextHasItsOwnLimit() {
        assertThat(StatusRules.spoilerText("x".repeat(StatusRules.SPOILER_TEXT_MAX))).hasSize(StatusRules.SPOILER_TEXT_MAX);
        assertUnprocessable(() -> StatusRules.spoilerText("x".repeat(StatusRules.SPOILER_TEXT_MAX + 1)));
    }

    @Test
    void unreadableLanguagesAreDropped() {
        assertThat(StatusRules.language("EN")).isEqualTo("en");
        assertThat(StatusRules.language("pt_BR")).isEqualTo("pt-BR");
        assertThat(StatusRules.language("english")).isNull();
        assertThat(StatusRules.language(null)).isNull();
    }

    @Test
    void idempotencyKeysAreBounded() {
        assertThat(StatusRules.idempotencyKey(" ")).isNull();
        assertThat(StatusRules.idempotencyKey("k".repeat(StatusRules.IDEMPOTENCY_KEY_MAX))).isNotNull();
        assertUnprocessable(() -> StatusRules.idempotencyKey("k".repeat(StatusRules.IDEMPOTENCY_KEY_MAX + 1)));
    }

    @Test
    void tooManyHashtagsOrMentionsAreRefused() {
        StatusRules.hashtagCount(StatusRules.TAGS_PER_STATUS_MAX);
        StatusRules.mentionCount(StatusRules.MENTIONS_PER_STATUS_MAX);
        assertUnprocessable(() -> StatusRules.hashtagCount(StatusRules.TAGS_PER_STATUS_MAX + 1));
        assertUnprocessable(() -> StatusRules.mentionCount(StatusRules.MENTIONS_PER_STATUS_MAX + 1));
    }

    private static void assertUnprocessable(Runnable rule) {
        assertThatThrownBy(rule::run).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT));
    }
}
