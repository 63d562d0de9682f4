package com.graminsta.posts;

import java.util.List;

import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Likes. Adding or removing one moves the status's counter in the same transaction, and only
 * when a row really changed, so repeated and concurrent likes cannot skew it. What an account
 * liked is listed by {@link MarkedStatuses}, as its bookmarks are.
 */
@Repository
class Favourites {

    private final JdbcClient jdbc;
    private final Statuses statuses;
    private final MarkedStatuses marked;

    Favourites(JdbcClient jdbc, Statuses statuses, MarkedStatuses marked) {
        this.jdbc = jdbc;
        this.statuses = statuses;
        this.marked = marked;
    }

    /** True when the like is new. */
    boolean add(long accountId, long statusId) {
        boolean added = jdbc.sql("""
                        INSERT INTO favourites (id, account_id, status_id)
                        VALUES (next_id(:shard), :accountId, :statusId)
                        ON CONFLICT (account_id, status_id) DO NOTHING
                        RETURNING id""")
                .param("shard", Ids.shardOf(accountId))
                .param("accountId", accountId)
                .param("statusId", statusId)
                .query(Long.class)
                .optional()
                .isPresent();
        if (added) {
            statuses.countFavourite(statusId, 1);
            marked.changedAfterCommit(accountId);
        }
        return added;
    }

    /** True when there was a like to remove. */
    boolean remove(long accountId, long statusId) {
        boolean removed = jdbc.sql("DELETE FROM favourites WHERE account_id = :accountId AND status_id = :statusId RETURNING id")
                .param("accountId", accountId)
                .param("statusId", statusId)
                .query(Long.class)
                .optional()
                .isPresent();
        if (removed) {
            statuses.countFavourite(statusId, -1);
            marked.changedAfterCommit(accountId);
        }
        return removed;
    }

    /**
     * Who liked the status, newest like first, leaving out accounts on either side of a block
     * with the viewer in the query itself, so a page stays full and its cursors stay right.
     */
    List<PageEntry> likers(long statusId, Long viewerId, Paging paging) {
        String sql = "SELECT f.id AS cursor, f.account_id AS id FROM favourites f"
                + " WHERE f.status_id = :statusId AND " + paging.where("f.id")
                + " AND NOT EXISTS (SELECT 1 FROM blocks b"
                + " WHERE (b.account_id = f.account_id AND b.target_account_id = CAST(:viewerId AS bigint))"
                + " OR (b.account_id = CAST(:viewerId AS bigint) AND b.target_account_id = f.account_id))"
                + " ORDER BY " + paging.orderBy("f.id");
        List<PageEntry> rows = paging.bind(jdbc.sql(sql))
                .param("statusId", statusId)
                .param("viewerId", viewerId)
                .query((row, number) -> new PageEntry(row.getLong("cursor"), row.getLong("id")))
                .list();
        return paging.newestFirst(rows);
    }
}
