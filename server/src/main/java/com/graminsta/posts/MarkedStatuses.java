package com.graminsta.posts;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.graminsta.platform.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Statuses an account has marked: liked (favourites) or bookmarked. Both marks are the same
 * edge, a row per account and status whose id is the time of marking, so one query lists either:
 * newest mark first, paged on the mark's id as Mastodon pages these lists, leaving out statuses
 * the account may no longer see (a block since, a follow undone).
 */
@Repository
class MarkedStatuses {

    enum Mark {
        FAVOURITES("favourites"), BOOKMARKS("bookmarks");

        private final String table;

        Mark(String table) {
            this.table = table;
        }
    }

    private final JdbcClient jdbc;

    MarkedStatuses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<PageEntry> markedBy(Mark mark, long accountId, Paging paging) {
        String sql = "SELECT m.id AS cursor, m.status_id AS id FROM " + mark.table + " m JOIN statuses s ON s.id = m.status_id"
                + " WHERE m.account_id = :viewerId AND " + paging.where("m.id")
                + " AND " + StatusVisibilitySql.visibleTo("s")
                + " ORDER BY " + paging.orderBy("m.id");
        List<PageEntry> rows = paging.bind(jdbc.sql(sql))
                .param("viewerId", accountId)
                .query((row, number) -> new PageEntry(row.getLong("cursor"), row.getLong("id")))
                .list();
        return paging.newestFirst(rows);
    }

    /** Which of these statuses the account has liked, and which it has bookmarked: one query for both. */
    Marks marksAmong(long accountId, Collection<Long> statusIds) {
        Set<Long> liked = new HashSet<>();
        Set<Long> bookmarked = new HashSet<>();
        if (statusIds.isEmpty()) {
            return new Marks(liked, bookmarked);
        }
        jdbc.sql("""
                        SELECT status_id, true AS liked FROM favourites WHERE account_id = :accountId AND status_id IN (:ids)
                        UNION ALL
                        SELECT status_id, false FROM bookmarks WHERE account_id = :accountId AND status_id IN (:ids)""")
                .param("accountId", accountId)
                .param("ids", statusIds)
                .query(row -> {
                    (row.getBoolean("liked") ? liked : bookmarked).add(row.getLong("status_id"));
                });
        return new Marks(liked, bookmarked);
    }

    /** The statuses among some that an account likes and those it has bookmarked. */
    record Marks(Set<Long> liked, Set<Long> bookmarked) {

        static final Marks NONE = new Marks(Set.of(), Set.of());
    }
}
