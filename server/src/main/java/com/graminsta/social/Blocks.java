package com.graminsta.social;

import java.util.List;

import com.graminsta.accounts.AccountVisibility;
import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who blocks whom. A block hides the blocker from the blocked account entirely, which is how
 * accounts learns (through {@link AccountVisibility}) whom not to show.
 */
@Repository
class Blocks implements AccountVisibility {

    private final JdbcClient jdbc;

    Blocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(long blockerId, long targetId) {
        jdbc.sql("""
                        INSERT INTO blocks (id, account_id, target_account_id)
                        VALUES (next_id(:shard), :blockerId, :targetId)
                        ON CONFLICT (account_id, target_account_id) DO NOTHING""")
                .param("shard", Ids.shardOf(blockerId))
                .param("blockerId", blockerId)
                .param("targetId", targetId)
                .update();
    }

    void remove(long blockerId, long targetId) {
        jdbc.sql("DELETE FROM blocks WHERE account_id = :blockerId AND target_account_id = :targetId")
                .param("blockerId", blockerId)
                .param("targetId", targetId)
                .update();
    }

    boolean blocks(long blockerId, long targetId) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM blocks WHERE account_id = :blockerId AND target_account_id = :targetId)""")
                .param("blockerId", blockerId)
                .param("targetId", targetId)
                .query(Boolean.class)
                .single();
    }

    @Override
    public boolean hiddenFrom(long accountId, Long viewerId) {
        return viewerId != null && viewerId != accountId && blocks(accountId, viewerId);
    }

    List<Listed> by(long blockerId, Paging paging) {
        return EdgePages.page(jdbc, "blocks", "account_id", "target_account_id", blockerId, blockerId, paging);
    }
}
