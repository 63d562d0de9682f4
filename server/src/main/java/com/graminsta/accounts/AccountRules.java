package com.graminsta.accounts;

import java.util.Set;
import java.util.regex.Pattern;

import com.graminsta.platform.web.ApiException;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;

/** What a username, email, password and profile may be. Every limit is here, by name. */
final class AccountRules {

    static final int USERNAME_MAX = 30;
    static final int EMAIL_MAX = 254;
    static final int PASSWORD_MIN = 8;
    static final int PASSWORD_MAX = 128;
    static final int DISPLAY_NAME_MAX = 30;
    static final int NOTE_MAX = 500;
    static final int LOCALE_MAX = 16;
    /** Below this many bits of guessing entropy a password is one of the common ones. */
    static final double PASSWORD_MIN_ENTROPY = 30;

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_]{1," + USERNAME_MAX + "}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*");

    /** Names that would look official, or collide with paths of the web app and API. */
    static final Set<String> RESERVED_USERNAMES = Set.of(
            "admin", "administrator", "api", "root", "support", "help", "about", "settings", "login", "logout",
            "signin", "signup", "register", "oauth", "explore", "graminsta", "moderator", "mod", "staff", "system",
            "www", "mail", "email", "postmaster", "webmaster", "hostmaster", "abuse", "security", "media",
            "static", "assets", "public", "home", "notifications", "search", "tags", "accounts", "statuses",
            "users", "instance", "actuator", "docs", "null", "undefined", "me", "everyone", "official", "owner",
            "info", "noreply", "no_reply", "account", "auth", "status", "web", "app", "terms", "privacy");

    private AccountRules() {
    }

    static String username(String username) {
        require(username, "Username");
        if (username.length() > USERNAME_MAX) {
            throw invalid("Username is too long (maximum is " + USERNAME_MAX + " characters)");
        }
        if (!USERNAME.matcher(username).matches()) {
            throw invalid("Username must contain only letters, numbers and underscores");
        }
        if (RESERVED_USERNAMES.contains(username.toLowerCase())) {
            throw invalid("Username is reserved");
        }
        return username;
    }

    static String email(String email) {
        require(email, "Email");
        String trimmed = email.strip();
        if (trimmed.length() > EMAIL_MAX) {
            throw invalid("Email is too long (maximum is " + EMAIL_MAX + " characters)");
        }
        if (!EMAIL.matcher(trimmed).matches()) {
            throw invalid("Email is invalid");
        }
        return trimmed;
    }

    static String password(String password) {
        require(password, "Password");
        if (password.length() < PASSWORD_MIN) {
            throw invalid("Password is too short (minimum is " + PASSWORD_MIN + " characters)");
        }
        if (password.length() > PASSWORD_MAX) {
            throw invalid("Password is too long (maximum is " + PASSWORD_MAX + " characters)");
        }
        if (Strength.ESTIMATOR.estimate(password).getEntropy() < PASSWORD_MIN_ENTROPY) {
            throw invalid("Password is too common or too easy to guess");
        }
        return password;
    }

    static String locale(String locale) {
        if (locale == null || locale.isBlank()) {
            return "en";
        }
        if (locale.length() > LOCALE_MAX || !LOCALE.matcher(locale).matches()) {
            throw invalid("Locale is invalid");
        }
        return locale;
    }

    static String displayName(String displayName) {
        String stripped = displayName.strip();
        if (stripped.codePointCount(0, stripped.length()) > DISPLAY_NAME_MAX) {
            throw invalid("Display name is too long (maximum is " + DISPLAY_NAME_MAX + " characters)");
        }
        return stripped;
    }

    static String note(String note) {
        String stripped = note.strip();
        if (stripped.codePointCount(0, stripped.length()) > NOTE_MAX) {
            throw invalid("Note is too long (maximum is " + NOTE_MAX + " characters)");
        }
        return stripped;
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " can't be blank");
        }
    }

    private static ApiException invalid(String message) {
        return ApiException.unprocessable("Validation failed: " + message);
    }

    /** The estimator loads its dictionaries of common passwords once, on first use. */
    private static final class Strength {
        static final Nbvcxz ESTIMATOR = new Nbvcxz(new ConfigurationBuilder().createConfiguration());
    }
}
