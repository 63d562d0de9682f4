package com.graminsta.social;

import java.util.List;

import com.graminsta.platform.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pages through the edges of one account, newest first. The edge tables share one shape, so
 * every list (followers, following, requests, blocks, mutes) is this one query.
 */
final class EdgePages {

    private EdgePages() {
    }

    /**
     * The accounts at the {@code listed} end of {@code table}'s edges whose {@code owner} end is
     * {@code ownerId}. Accounts that block the viewer are left out in the query itself, so a page
     * stays full and its cursors stay right.
     */
    static List<Listed> page(JdbcClient jdbc, String table, String owner, String listed, long ownerId, Long viewerId,
                             Paging paging) {
        return page(jdbc, table, owner, listed, ownerId, viewerId, "TRUE", paging);
    }

    /** The same, for the edges aliased {@code e} that also meet {@code condition} (mutes that have not ended). */
    static List<Listed> page(JdbcClient jdbc, String table, String owner, String listed, long ownerId, Long viewerId,
                             String condition, Paging paging) {
        String sql = "SELECT e.id AS cursor, e." + listed + " AS account_id FROM " + table + " e"
                + " WHERE e." + owner + " = :ownerId AND " + condition + " AND " + paging.where("e.id")
                + " AND (CAST(:viewerId AS bigint) IS NULL OR NOT EXISTS ("
                + "SELECT 1 FROM blocks h WHERE h.account_id = e." + listed + " AND h.target_account_id = :viewerId))"
                + " ORDER BY " + paging.orderBy("e.id");
        List<Listed> rows = paging.bind(jdbc.sql(sql))
                .param("ownerId", ownerId)
                .param("viewerId", viewerId)
                .query((row, number) -> new Listed(row.getLong("cursor"), row.getLong("account_id")))
                .list();
        return paging.newestFirst(rows);
    }
}
