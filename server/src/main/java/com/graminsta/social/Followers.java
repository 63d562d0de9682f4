package com.graminsta.social;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Everyone who follows an account now, for features that reach them all (the streaming API). */
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
}
