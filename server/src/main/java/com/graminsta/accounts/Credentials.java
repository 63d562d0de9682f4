package com.graminsta.accounts;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.graminsta.platform.web.ApiException;

/** Checks and changes passwords. Never says whether a username exists. */
@Service
public class Credentials {

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    /**
     * Compared against when the login is unknown, so both answers take as long. Made on first use:
     * an Argon2 hash at start-up would delay every instance's readiness for the sake of a
     * sign-in that may not come.
     */
    private volatile String decoyHash;

    Credentials(JdbcClient jdbc, PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.passwords = passwords;
    }

    private String decoyHash() {
        String hash = decoyHash;
        if (hash == null) {
            hash = passwords.encode("decoy password that matches nothing");
            decoyHash = hash; // two threads may both make one at first: harmless, either matches nothing
        }
        return hash;
    }

    private record Stored(long accountId, String passwordHash) {
    }

    /** The account for this username or email and password, or empty; the cost is the same either way. */
    public Optional<Long> verify(String login, String password) {
        if (login == null || password == null || login.length() > AccountRules.EMAIL_MAX
                || password.length() > AccountRules.PASSWORD_MAX) {
            passwords.matches("x", decoyHash());
            return Optional.empty();
        }
        Optional<Stored> stored = jdbc.sql("""
                        SELECT u.account_id, u.password_hash
                        FROM users u JOIN accounts a ON a.id = u.account_id
                        WHERE lower(u.email) = lower(:login) OR lower(a.username) = lower(:login)
                        LIMIT 1""")
                .param("login", login.strip())
                .query(Stored.class)
                .optional();
        if (stored.isEmpty()) {
            passwords.matches(password, decoyHash());
            return Optional.empty();
        }
        return passwords.matches(password, stored.get().passwordHash())
                ? Optional.of(stored.get().accountId())
                : Optional.empty();
    }

    /**
     * The account a username or email names, for limits kept per account whichever name was
     * typed. The same query runs whether or not it exists, so the time says nothing either.
     */
    public Optional<Long> accountFor(String login) {
        if (login == null || login.isBlank() || login.length() > AccountRules.EMAIL_MAX) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        SELECT u.account_id
                        FROM users u JOIN accounts a ON a.id = u.account_id
                        WHERE lower(u.email) = lower(:login) OR lower(a.username) = lower(:login)
                        LIMIT 1""")
                .param("login", login.strip())
                .query(Long.class)
                .optional();
    }

    public String email(long accountId) {
        return jdbc.sql("SELECT email FROM users WHERE account_id = :id").param("id", accountId)
                .query(String.class).single();
    }

    public String locale(long accountId) {
        return jdbc.sql("SELECT locale FROM users WHERE account_id = :id").param("id", accountId)
                .query(String.class).single();
    }

    /** Changes the password after checking the current one; the caller ends the other sessions. */
    @Transactional
    public void changePassword(long accountId, String currentPassword, String newPassword) {
        String hash = jdbc.sql("SELECT password_hash FROM users WHERE account_id = :id FOR UPDATE")
                .param("id", accountId).query(String.class).single();
        if (currentPassword == null || !passwords.matches(currentPassword, hash)) {
            throw ApiException.unprocessable("Validation failed: Current password is invalid");
        }
        String password = AccountRules.password(newPassword);
        jdbc.sql("UPDATE users SET password_hash = :hash, password_changed_at = now() WHERE account_id = :id")
                .param("hash", passwords.encode(password))
                .param("id", accountId)
                .update();
    }
}
