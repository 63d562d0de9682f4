package com.graminsta.social;

import java.util.List;

import com.graminsta.accounts.Accounts;
import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who follows whom. Adding or removing an edge moves both accounts' counters in the same
 * transaction, and only when a row really changed, so concurrent repeats cannot skew them.
 */
@Repository
class Follows {

    private final JdbcClient jdbc;
    private final Accounts accounts;

    Follows(JdbcClient jdbc, Accounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    /** True when the follow is new. */
    boolean add(long followerId, long targetId) {
        boolean added = jdbc.sql("""
                        INSERT INTO follows (id, account_id, target_account_id)
                        VALUES (next_id(:shard), :followerId, :targetId)
                        ON CONFLICT (account_id, target_account_id) DO NOTHING
                        RETURNING id""")
                .param("shard", Ids.shardOf(followerId))
                .param("followerId", followerId)
                .param("targetId", targetId)
                .query(Long.class)
                .optional()
                .isPresent();
        if (added) {
            accounts.countFollow(followerId, targetId, 1);
        }
        return added;
    }

    /** True when there was a follow to remove. */
    boolean remove(long followerId, long targetId) {
        boolean removed = jdbc.sql("""
                        DELETE FROM follows WHERE account_id = :followerId AND target_account_id = :targetId
                        RETURNING id""")
                .param("followerId", followerId)
                .param("targetId", targetId)
                .query(Long.class)
                .optional()
                .isPresent();
        if (removed) {
            accounts.countFollow(followerId, targetId, -1);
        }
        return removed;
    }

    boolean exists(long followerId, long targetId) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM follows WHERE account_id = :followerId AND target_account_id = :targetId)""")
                .param("followerId", followerId)
                .param("targetId", targetId)
                .query(Boolean.class)
                .single();
    }

    List<Listed> followersOf(long accountId, Long viewerId, Paging paging) {
        return EdgePages.page(jdbc, "follows", "target_account_id", "account_id", accountId, viewerId, paging);
    }

    List<Listed> followedBy(long accountId, Long viewerId, Paging paging) {
        return EdgePages.page(jdbc, "follows", "account_id", "target_account_id", accountId, viewerId, paging);
    }
}
