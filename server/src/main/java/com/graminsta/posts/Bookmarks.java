package com.graminsta.posts;

import com.graminsta.platform.ids.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Bookmarks: an account's private marks on statuses. Listed through {@link MarkedStatuses}. */
@Repository
class Bookmarks {

    private final JdbcClient jdbc;
    private final MarkedStatuses marked;

    Bookmarks(JdbcClient jdbc, MarkedStatuses marked) {
        this.jdbc = jdbc;
        this.marked = marked;
    }

    void add(long accountId, long statusId) {
        jdbc.sql("""
                        INSERT INTO bookmarks (id, account_id, status_id)
                        VALUES (next_id(:shard), :accountId, :statusId)
                        ON CONFLICT (account_id, status_id) DO NOTHING""")
                .param("shard", Ids.shardOf(accountId))
                .param("accountId", accountId)
                .param("statusId", statusId)
                .update();
        marked.changedAfterCommit(accountId);
    }

    void remove(long accountId, long statusId) {
        jdbc.sql("DELETE FROM bookmarks WHERE account_id = :accountId AND status_id = :statusId")
                .param("accountId", accountId)
                .param("statusId", statusId)
                .update();
        marked.changedAfterCommit(accountId);
    }
}
