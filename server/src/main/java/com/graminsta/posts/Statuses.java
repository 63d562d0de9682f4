package com.graminsta.posts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.graminsta.accounts.AccountVisibility;
import com.graminsta.platform.cache.Cache;
import com.graminsta.platform.cache.Caches;
import com.graminsta.platform.ids.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * All posts and comments. Reads that decide what a viewer may do apply {@link StatusVisibilitySql}
 * in the query itself, so "not there" and "not for you" are the same empty result.
 */
@Repository
class Statuses {

    /** Deep enough for any real conversation; a longer chain is cut, not walked forever. */
    static final int ANCESTORS_MAX = 40;

    private static final String COLUMNS = """
            s.id, s.account_id, s.in_reply_to_id, s.in_reply_to_account_id, s.post_account_id, s.text,
            s.spoiler_text, s.sensitive, s.visibility, s.language, s.favourites_count, s.replies_count, s.created_at""";

    /**
     * How stale a status, its counters included, may be if an eviction is lost. Longer than an
     * account's 30 s: a status's text never changes, and far more of them are read (decision 0025).
     */
    static final Duration CACHED_FOR = Duration.ofMinutes(5);

    /** The visibilities whose statuses anyone may see, blocks aside. */
    private static final Set<String> FOR_EVERYONE = Set.of("public", "unlisted");

    private final JdbcClient jdbc;
    private final AccountVisibility accountVisibility;
    private final Cache<Long, StatusRow> cache;

    Statuses(JdbcClient jdbc, AccountVisibility accountVisibility, Caches caches) {
        this.jdbc = jdbc;
        this.accountVisibility = accountVisibility;
        this.cache = caches.cache("status", StatusRow.class, CACHED_FOR);
    }

    /** A new id on the author's logical shard, so the post lives with its author when data is split. */
    long nextId(long accountId) {
        return jdbc.sql("SELECT next_id(:shard)").param("shard", Ids.shardOf(accountId)).query(Long.class).single();
    }

    void insert(StatusRow status) {
        jdbc.sql("""
                        INSERT INTO statuses (id, account_id, in_reply_to_id, in_reply_to_account_id, post_account_id,
                                              text, spoiler_text, sensitive, visibility, language)
                        VALUES (:id, :accountId, :inReplyToId, :inReplyToAccountId, :postAccountId,
                                :text, :spoilerText, :sensitive, :visibility, :language)""")
                .param("id", status.id())
                .param("accountId", status.accountId())
                .param("inReplyToId", status.inReplyToId())
                .param("inReplyToAccountId", status.inReplyToAccountId())
                .param("postAccountId", status.postAccountId())
                .param("text", status.text())
                .param("spoilerText", status.spoilerText())
                .param("sensitive", status.sensitive())
                .param("visibility", status.visibility())
                .param("language", status.language())
                .update();
    }

    /** The statuses with these ids that exist, whoever may see them: for rendering, once visibility is settled. */
    List<StatusRow> findAll(Collection<Long> ids) {
        return List.copyOf(cache.getAll(ids, missing -> {
            Map<Long, StatusRow> byId = new LinkedHashMap<>();
            jdbc.sql("SELECT " + COLUMNS + " FROM statuses s WHERE s.id IN (:ids)")
                    .param("ids", missing)
                    .query(Statuses::map)
                    .list()
                    .forEach(row -> byId.put(row.id(), row));
            return byId;
        }).values());
    }

    Optional<StatusRow> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM statuses s WHERE s.id = :id")
                .param("id", id)
                .query(Statuses::map)
                .optional();
    }

    /**
     * The status, if the viewer may see it, by {@link StatusVisibilitySql}'s rule. For a post
     * everyone may see (public, unlisted), and for the viewer's own and those in the viewer's own
     * threads, the rule is applied here to the cached row and the viewer's cached blocks; only a
     * private post's audience (approved followers) is asked of the database.
     */
    Optional<StatusRow> findVisible(long id, Long viewerId) {
        Optional<StatusRow> found = findAll(List.of(id)).stream().findFirst();
        if (found.isEmpty()) {
            return found;
        }
        StatusRow row = found.get();
        if (viewerId != null && row.accountId() == viewerId) {
            return found;
        }
        boolean forEveryone = FOR_EVERYONE.contains(row.visibility()) || (viewerId != null && row.postAccountId() == viewerId);
        if (!forEveryone) {
            return findVisibleInDatabase(id, viewerId);
        }
        boolean blocked = accountVisibility.blockedEitherWay(row.accountId(), viewerId)
                || (row.postAccountId() != row.accountId() && accountVisibility.blockedEitherWay(row.postAccountId(), viewerId));
        return blocked ? Optional.empty() : found;
    }

    private Optional<StatusRow> findVisibleInDatabase(long id, Long viewerId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM statuses s WHERE s.id = :id AND " + StatusVisibilitySql.visibleTo("s"))
                .param("id", id)
                .param("viewerId", viewerId)
                .query(Statuses::map)
                .optional();
    }

    /** The ids among these of statuses the viewer may see. */
    Set<Long> visibleAmong(Collection<Long> ids, Long viewerId) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT s.id FROM statuses s WHERE s.id IN (:ids) AND " + StatusVisibilitySql.visibleTo("s"))
                .param("ids", ids)
                .param("viewerId", viewerId)
                .query(Long.class)
                .list());
    }

    /**
     * The status, if the viewer may see it, locked against deletion and against other writers of
     * its counters until the transaction ends. Whoever changes a status's counters takes this
     * lock first, so comments, likes and deletes of one status queue up instead of deadlocking.
     */
    Optional<StatusRow> lockVisible(long id, long viewerId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM statuses s WHERE s.id = :id AND "
                        + StatusVisibilitySql.visibleTo("s") + " FOR NO KEY UPDATE OF s")
                .param("id", id)
                .param("viewerId", viewerId)
                .query(Statuses::map)
                .optional();
    }

    Optional<StatusRow> lockOwn(long id, long accountId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM statuses s WHERE s.id = :id AND s.account_id = :accountId FOR UPDATE")
                .param("id", id)
                .param("accountId", accountId)
                .query(Statuses::map)
                .optional();
    }

    /** Locks a status whatever its visibility: the parent of a comment being deleted. */
    void lock(long id) {
        jdbc.sql("SELECT id FROM statuses WHERE id = :id FOR NO KEY UPDATE").param("id", id).query(Long.class).optional();
    }

    /** Every comment under the status, at any depth. */
    List<StatusRow> descendants(long id) {
        return jdbc.sql("""
                        WITH RECURSIVE thread (id) AS (
                            SELECT id FROM statuses WHERE in_reply_to_id = :id
                            UNION ALL
                            SELECT c.id FROM statuses c JOIN thread ON c.in_reply_to_id = thread.id)
                        SELECT %s FROM thread JOIN statuses s ON s.id = thread.id""".formatted(COLUMNS))
                .param("id", id)
                .query(Statuses::map)
                .list();
    }

    /** The statuses above this one that the viewer may see, the top-level post first. */
    List<Long> visibleAncestors(long id, Long viewerId) {
        return jdbc.sql("""
                        WITH RECURSIVE up (id, in_reply_to_id, depth) AS (
                            SELECT p.id, p.in_reply_to_id, 1 FROM statuses p
                            WHERE p.id = (SELECT in_reply_to_id FROM statuses WHERE id = :id)
                            UNION ALL
                            SELECT p.id, p.in_reply_to_id, up.depth + 1 FROM statuses p JOIN up ON p.id = up.in_reply_to_id
                            WHERE up.depth < :max)
                        SELECT s.id FROM up JOIN statuses s ON s.id = up.id
                        WHERE %s AND %s
                        ORDER BY up.depth DESC""".formatted(StatusVisibilitySql.visibleTo("s"), StatusVisibilitySql.notMutedBy("s")))
                .param("id", id)
                .param("viewerId", viewerId)
                .param("max", ANCESTORS_MAX)
                .query(Long.class)
                .list();
    }

    /**
     * The comments below this status that the viewer may see, as a conversation reads: each
     * comment followed by its replies, siblings oldest first.
     */
    List<Long> visibleDescendants(long id, Long viewerId, int limit) {
        return jdbc.sql("""
                        WITH RECURSIVE thread (id, path) AS (
                            SELECT id, ARRAY[id] FROM statuses WHERE in_reply_to_id = :id
                            UNION ALL
                            SELECT c.id, thread.path || c.id FROM statuses c JOIN thread ON c.in_reply_to_id = thread.id)
                        SELECT s.id FROM thread JOIN statuses s ON s.id = thread.id
                        WHERE %s AND %s
                        ORDER BY thread.path
                        LIMIT :limit""".formatted(StatusVisibilitySql.visibleTo("s"), StatusVisibilitySql.notMutedBy("s")))
                .param("id", id)
                .param("viewerId", viewerId)
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    /** Deletes the status; its {@code comments} (from {@link #descendants}) go with it, by the foreign key. */
    boolean delete(long id, List<StatusRow> comments) {
        boolean deleted = jdbc.sql("DELETE FROM statuses WHERE id = :id").param("id", id).update() > 0;
        cache.evictAfterCommit(id);
        comments.forEach(comment -> cache.evictAfterCommit(comment.id()));
        return deleted;
    }

    void countReply(long statusId, int delta) {
        jdbc.sql("UPDATE statuses SET replies_count = replies_count + :delta WHERE id = :id")
                .param("delta", delta)
                .param("id", statusId)
                .update();
        cache.evictAfterCommit(statusId);
    }

    void countFavourite(long statusId, int delta) {
        jdbc.sql("UPDATE statuses SET favourites_count = favourites_count + :delta WHERE id = :id")
                .param("delta", delta)
                .param("id", statusId)
                .update();
        cache.evictAfterCommit(statusId);
    }

    static StatusRow map(ResultSet row, int rowNumber) throws SQLException {
        return new StatusRow(
                row.getLong("id"),
                row.getLong("account_id"),
                row.getObject("in_reply_to_id", Long.class),
                row.getObject("in_reply_to_account_id", Long.class),
                row.getLong("post_account_id"),
                row.getString("text"),
                row.getString("spoiler_text"),
                row.getBoolean("sensitive"),
                row.getString("visibility"),
                row.getString("language"),
                row.getInt("favourites_count"),
                row.getInt("replies_count"),
                row.getTimestamp("created_at").toInstant());
    }
}
