package com.graminsta.social;

import java.util.List;

import com.graminsta.accounts.FollowRequestCount;
import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Follows waiting for a locked account's answer. */
@Repository
class FollowRequests implements FollowRequestCount {

    private final JdbcClient jdbc;

    FollowRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when the request is new. */
    boolean add(long requesterId, long targetId) {
        return jdbc.sql("""
                        INSERT INTO follow_requests (id, account_id, target_account_id)
                        VALUES (next_id(:shard), :requesterId, :targetId)
                        ON CONFLICT (account_id, target_account_id) DO NOTHING
                        RETURNING id""")
                .param("shard", Ids.shardOf(requesterId))
                .param("requesterId", requesterId)
                .param("targetId", targetId)
                .query(Long.class)
                .optional()
                .isPresent();
    }

    /** True when there was a request to remove. */
    boolean remove(long requesterId, long targetId) {
        return jdbc.sql("""
                        DELETE FROM follow_requests WHERE account_id = :requesterId AND target_account_id = :targetId
                        RETURNING id""")
                .param("requesterId", requesterId)
                .param("targetId", targetId)
                .query(Long.class)
                .optional()
                .isPresent();
    }

    @Override
    public int pendingFor(long accountId) {
        return jdbc.sql("SELECT count(*) FROM follow_requests WHERE target_account_id = :accountId")
                .param("accountId", accountId)
                .query(Integer.class)
                .single();
    }

    /** Everyone waiting for {@code accountId}'s answer, in id order. */
    List<Long> requesterIds(long accountId) {
        return jdbc.sql("SELECT account_id FROM follow_requests WHERE target_account_id = :accountId ORDER BY account_id")
                .param("accountId", accountId)
                .query(Long.class)
                .list();
    }

    /** Who asks to follow {@code accountId}. Blocking ends requests both ways, so none need hiding. */
    List<Listed> to(long accountId, Paging paging) {
        return EdgePages.page(jdbc, "follow_requests", "target_account_id", "account_id", accountId, null, paging);
    }
}
