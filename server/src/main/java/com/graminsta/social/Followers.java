package com.graminsta.social;

import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Who follows an account now, for features that reach them (the streaming API). */
@Component
public class Followers {

    private final JdbcClient jdbc;

    Followers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public List<Long> of(long accountId) {
        return jdbc.sql("SELECT account_id FROM follows WHERE target_account_id = :accountId")
                .param("accountId", accountId)
                .query(Long.class)
                .list();
    }

    /**
     * Those of {@code candidates} who follow the account: one lookup per candidate, however many
     * followers the account has.
     */
    @Transactional(readOnly = true)
    public List<Long> among(long accountId, Collection<Long> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT account_id FROM follows WHERE target_account_id = :accountId AND account_id = ANY(:candidates)")
                .param("accountId", accountId)
                .param("candidates", candidates.toArray(Long[]::new))
                .query(Long.class)
                .list();
    }
}
