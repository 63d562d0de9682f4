package com.graminsta.posts;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.graminsta.platform.cache.Cache;
import com.graminsta.platform.cache.Caches;
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

    /**
     * An account's likes and bookmarks are cached (most accounts have a few hundred at most), so a
     * page asks the database nothing about them; an account with more than this many of either
     * is asked per page instead.
     */
    static final int CACHED_MAX = 2_000;

    /** As statuses: how long a lost eviction can leave a like or bookmark unshown to its author. */
    static final Duration CACHED_FOR = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final Cache<Long, AllMarks> cache;

    MarkedStatuses(JdbcClient jdbc, Caches caches) {
        this.jdbc = jdbc;
        this.cache = caches.cache("marks", AllMarks.class, CACHED_FOR);
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

    /**
     * Which of these statuses the account has liked, and which it has bookmarked: from the
     * account's cached marks, or, for an account with more than {@link #CACHED_MAX} of either, one
     * query for both.
     */
    Marks marksAmong(long accountId, Collection<Long> statusIds) {
        if (statusIds.isEmpty()) {
            return Marks.NONE;
        }
        AllMarks all = cache.get(accountId, () -> allMarks(accountId));
        return all.complete() ? all.marks().among(statusIds) : queried(accountId, statusIds);
    }

    /** Call in the transaction that adds or removes one of the account's likes or bookmarks. */
    void changedAfterCommit(long accountId) {
        cache.evictAfterCommit(accountId);
    }

    private AllMarks allMarks(long accountId) {
        Marks all = read(jdbc.sql("""
                        (SELECT status_id, true AS liked FROM favourites WHERE account_id = :accountId LIMIT :limit)
                        UNION ALL
                        (SELECT status_id, false FROM bookmarks WHERE account_id = :accountId LIMIT :limit)""")
                .param("accountId", accountId)
                .param("limit", CACHED_MAX + 1));
        boolean complete = all.liked().size() <= CACHED_MAX && all.bookmarked().size() <= CACHED_MAX;
        return complete ? new AllMarks(all, true) : new AllMarks(Marks.NONE, false);
    }

    private Marks queried(long accountId, Collection<Long> statusIds) {
        return read(jdbc.sql("""
                        SELECT status_id, true AS liked FROM favourites WHERE account_id = :accountId AND status_id IN (:ids)
                        UNION ALL
                        SELECT status_id, false FROM bookmarks WHERE account_id = :accountId AND status_id IN (:ids)""")
                .param("accountId", accountId)
                .param("ids", statusIds));
    }

    /** Runs a query of {@code status_id} rows, each a like or (when {@code liked} is false) a bookmark. */
    private static Marks read(JdbcClient.StatementSpec query) {
        Set<Long> liked = new HashSet<>();
        Set<Long> bookmarked = new HashSet<>();
        query.query(row -> {
            (row.getBoolean("liked") ? liked : bookmarked).add(row.getLong("status_id"));
        });
        return new Marks(liked, bookmarked);
    }

    /** The statuses among some that an account likes and those it has bookmarked. */
    record Marks(Set<Long> liked, Set<Long> bookmarked) {

        static final Marks NONE = new Marks(Set.of(), Set.of());

        /** Only the marks on these statuses. */
        Marks among(Collection<Long> statusIds) {
            Set<Long> likedAmong = new HashSet<>();
            Set<Long> bookmarkedAmong = new HashSet<>();
            for (Long id : statusIds) {
                if (liked.contains(id)) {
                    likedAmong.add(id);
                }
                if (bookmarked.contains(id)) {
                    bookmarkedAmong.add(id);
                }
            }
            return new Marks(likedAmong, bookmarkedAmong);
        }
    }

    /**
     * Every status an account likes and every one it has bookmarked, as cached; {@code complete}
     * false (and no marks) for an account with more than {@link #CACHED_MAX} of either.
     */
    record AllMarks(Marks marks, boolean complete) {
    }
}
