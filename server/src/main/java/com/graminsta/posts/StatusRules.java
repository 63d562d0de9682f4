package com.graminsta.posts;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.graminsta.platform.web.ApiException;

/** What a post, a comment and a report may be. Every limit is here, by name. */
final class StatusRules {

    /** Instagram's caption limit; comments share it. Counted in Unicode code points. */
    static final int TEXT_MAX = 2_200;
    static final int SPOILER_TEXT_MAX = 500;
    /** Longer hashtags stay plain text. */
    static final int TAG_MAX = 100;
    /** Instagram's limit; more is a 422, since hashtag spam is what it would allow. */
    static final int TAGS_PER_STATUS_MAX = 30;
    /** Every mention may notify someone, so a post cannot be a mass-notification. */
    static final int MENTIONS_PER_STATUS_MAX = 20;
    /** The longest username an account can have; longer @names mention nobody. */
    static final int USERNAME_MAX = 30;
    static final int IDEMPOTENCY_KEY_MAX = 256;
    /** As long as Mastodon keeps them: enough for a client to retry after a dropped connection. */
    static final Duration IDEMPOTENCY_KEY_LIFETIME = Duration.ofHours(1);
    static final int REPORT_COMMENT_MAX = 1_000;
    static final int REPORT_STATUSES_MAX = 100;

    static final String PUBLIC = "public";
    static final String UNLISTED = "unlisted";
    static final String PRIVATE = "private";
    static final Set<String> REPORT_CATEGORIES = Set.of("spam", "legal", "violation", "other");

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    private StatusRules() {
    }

    /**
     * The visibility asked for, or the author's default when none was: a locked account posts for
     * its followers, as its {@code source.privacy} tells clients.
     */
    static String visibility(String requested, boolean authorLocked) {
        if (requested == null || requested.isBlank()) {
            return authorLocked ? PRIVATE : PUBLIC;
        }
        return switch (requested.strip().toLowerCase(Locale.ROOT)) {
            case PUBLIC -> PUBLIC;
            case UNLISTED -> UNLISTED;
            case PRIVATE -> PRIVATE;
            case "direct" -> throw invalid("Direct messages are not supported");
            default -> throw invalid("Visibility is not one of public, unlisted, private");
        };
    }

    static String text(String text) {
        String normalised = StatusText.normalise(text);
        if (length(normalised) > TEXT_MAX) {
            throw invalid("Text is too long (maximum is " + TEXT_MAX + " characters)");
        }
        return normalised;
    }

    static String spoilerText(String spoilerText) {
        String normalised = StatusText.normalise(spoilerText);
        if (length(normalised) > SPOILER_TEXT_MAX) {
            throw invalid("Spoiler text is too long (maximum is " + SPOILER_TEXT_MAX + " characters)");
        }
        return normalised;
    }

    /** An ISO 639 code, or nothing: like Mastodon, a code it cannot read is dropped, not refused. */
    static String language(String language) {
        if (language == null) {
            return null;
        }
        String code = language.strip().replace('_', '-');
        int region = code.indexOf('-');
        String normalised = region < 0 ? code.toLowerCase(Locale.ROOT)
                : code.substring(0, region).toLowerCase(Locale.ROOT) + code.substring(region);
        return LANGUAGE.matcher(normalised).matches() && normalised.length() <= 16 ? normalised : null;
    }

    static void hashtagCount(int count) {
        if (count > TAGS_PER_STATUS_MAX) {
            throw invalid("Too many hashtags (maximum is " + TAGS_PER_STATUS_MAX + ")");
        }
    }

    static void mentionCount(int count) {
        if (count > MENTIONS_PER_STATUS_MAX) {
            throw invalid("Too many mentions (maximum is " + MENTIONS_PER_STATUS_MAX + ")");
        }
    }

    static String idempotencyKey(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        if (key.length() > IDEMPOTENCY_KEY_MAX) {
            throw invalid("Idempotency-Key is too long (maximum is " + IDEMPOTENCY_KEY_MAX + " characters)");
        }
        return key;
    }

    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    static ApiException invalid(String message) {
        return ApiException.unprocessable("Validation failed: " + message);
    }
}
