package com.graminsta.accounts;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.graminsta.platform.web.ApiException;

/** Signs new people up: the account and its sign-in record are made together or not at all. */
@Service
public class Registrations {

    /** Logical shards in the id scheme; an account's shard is chosen once, at random. */
    static final int LOGICAL_SHARDS = 8192;

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;

    Registrations(JdbcClient jdbc, PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.passwords = passwords;
    }

    public record Registration(String username, String email, String password, String locale) {
    }

    /** Creates the account and answers its id; rule breaks and taken names are a 422. */
    @Transactional
    public long register(Registration registration) {
        String username = AccountRules.username(registration.username());
        String email = AccountRules.email(registration.email());
        String password = AccountRules.password(registration.password());
        String locale = AccountRules.locale(registration.locale());
        int shard = ThreadLocalRandom.current().nextInt(LOGICAL_SHARDS);
        try {
            long id = jdbc.sql("INSERT INTO accounts (id, username) VALUES (next_id(:shard), :username) RETURNING id")
                    .param("shard", shard)
                    .param("username", username)
                    .query(Long.class)
                    .single();
            jdbc.sql("INSERT INTO users (account_id, email, password_hash, locale) VALUES (:id, :email, :hash, :locale)")
                    .param("id", id)
                    .param("email", email)
                    .param("hash", passwords.encode(password))
                    .param("locale", locale)
                    .update();
            return id;
        } catch (DuplicateKeyException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("users_email_key")) {
                throw ApiException.unprocessable("Validation failed: Email has already been taken");
            }
            throw ApiException.unprocessable("Validation failed: Username has already been taken");
        }
    }
}
