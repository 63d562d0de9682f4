package com.graminsta.social;

import java.util.Collection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Serialises changes to the graph between two accounts by locking both account rows, lowest id
 * first, until the transaction ends.
 *
 * <p>Two reasons. A follow checks for blocks and then inserts, a block inserts and then removes
 * follows: run concurrently without a lock, each misses the other and a follow survives a block.
 * And the follow counters update the follower's row, then the followed one's, so A following B
 * while B follows A would take the same two row locks in opposite orders and deadlock; taking
 * them up front in one global order makes that impossible. {@code FOR NO KEY UPDATE} is the lock
 * the counter update takes anyway, and unlike {@code FOR UPDATE} it does not hold up other
 * tables' foreign-key checks against these accounts.
 */
@Component
class AccountLocks {

    private final JdbcClient jdbc;

    AccountLocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks every account of these that exists, in the same global order as {@link #lockPair}. */
    @Transactional(propagation = Propagation.MANDATORY)
    void lockAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("SELECT id FROM accounts WHERE id IN (:ids) ORDER BY id FOR NO KEY UPDATE")
                .param("ids", ids)
                .query(Long.class)
                .list();
    }

    /** Locks both accounts that exist (one, when the ids are equal). */
    @Transactional(propagation = Propagation.MANDATORY)
    void lockPair(long oneId, long otherId) {
        jdbc.sql("SELECT id FROM accounts WHERE id IN (:oneId, :otherId) ORDER BY id FOR NO KEY UPDATE")
                .param("oneId", oneId)
                .param("otherId", otherId)
                .query(Long.class)
                .list();
    }
}
