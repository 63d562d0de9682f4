package com.graminsta.feed;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.graminsta.platform.web.Paging;
import com.graminsta.posts.Hashtags;
import com.graminsta.posts.StatusVisibilitySql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The timelines that are one index scan each: the public timeline, hashtags, and an account's
 * statuses. Every one applies the shared visibility rule in the query, so a page is never
 * shortened afterwards and its cursors stay right.
 */
@Repository
class Timelines {

    /** The viewer of the audience queries: each of the ids bound as {@code :viewers}. */
    private static final String VIEWERS = "v.id";
    private static final String ONLY_MEDIA = " AND EXISTS (SELECT 1 FROM media_attachments m WHERE m.status_id = s.id)";

    private final JdbcClient jdbc;

    Timelines(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Public posts, comments left out; accounts the viewer muted or is blocked with are too. */
    List<Long> publicPosts(Long viewerId, Paging paging, boolean onlyMedia) {
        String sql = "SELECT s.id FROM statuses s"
                + " WHERE s.visibility = 'public' AND s.in_reply_to_id IS NULL AND " + paging.where("s.id")
                + " AND " + StatusVisibilitySql.visibleTo("s") + " AND " + StatusVisibilitySql.notMutedBy("s")
                + (onlyMedia ? ONLY_MEDIA : "")
                + " ORDER BY " + paging.orderBy("s.id");
        return ids(paging, jdbc.sql(sql).param("viewerId", viewerId));
    }

    /** Public posts with the hashtag, whatever its case. */
    List<Long> tagged(String hashtag, Long viewerId, Paging paging, boolean onlyMedia) {
        String sql = "SELECT s.id FROM status_tags st JOIN statuses s ON s.id = st.status_id"
                + " WHERE st.tag_id = (SELECT t.id FROM tags t WHERE lower(t.name) = :tag)"
                + " AND " + paging.where("st.status_id")
                + " AND s.visibility = 'public' AND s.in_reply_to_id IS NULL"
                + " AND " + StatusVisibilitySql.visibleTo("s") + " AND " + StatusVisibilitySql.notMutedBy("s")
                + (onlyMedia ? ONLY_MEDIA : "")
                + " ORDER BY " + paging.orderBy("st.status_id");
        return ids(paging, jdbc.sql(sql).param("tag", Hashtags.normalise(hashtag)).param("viewerId", viewerId));
    }

    /**
     * Those of {@code viewerIds} whose public timeline holds the status: the query of
     * {@link #publicPosts} for one status, asked for many viewers at once.
     */
    Set<Long> publicPostAudience(long statusId, Collection<Long> viewerIds, boolean onlyMedia) {
        String sql = "SELECT v.id FROM statuses s, unnest(CAST(:viewers AS bigint[])) AS v(id)"
                + " WHERE s.id = :statusId AND s.visibility = 'public' AND s.in_reply_to_id IS NULL"
                + " AND " + StatusVisibilitySql.visibleTo("s", VIEWERS) + " AND " + StatusVisibilitySql.notMutedBy("s", VIEWERS)
                + (onlyMedia ? ONLY_MEDIA : "");
        return audience(jdbc.sql(sql).param("statusId", statusId), viewerIds);
    }

    /** Those of {@code viewerIds} whose timeline of the hashtag holds the status, as {@link #tagged} reads it. */
    Set<Long> taggedAudience(long statusId, String hashtag, Collection<Long> viewerIds, boolean onlyMedia) {
        String sql = "SELECT v.id FROM status_tags st JOIN statuses s ON s.id = st.status_id,"
                + " unnest(CAST(:viewers AS bigint[])) AS v(id)"
                + " WHERE st.tag_id = (SELECT t.id FROM tags t WHERE lower(t.name) = :tag)"
                + " AND st.status_id = :statusId"
                + " AND s.visibility = 'public' AND s.in_reply_to_id IS NULL"
                + " AND " + StatusVisibilitySql.visibleTo("s", VIEWERS) + " AND " + StatusVisibilitySql.notMutedBy("s", VIEWERS)
                + (onlyMedia ? ONLY_MEDIA : "");
        return audience(jdbc.sql(sql).param("statusId", statusId).param("tag", Hashtags.normalise(hashtag)), viewerIds);
    }

    private static Set<Long> audience(JdbcClient.StatementSpec statement, Collection<Long> viewerIds) {
        if (viewerIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(statement.param("viewers", viewerIds.toArray(Long[]::new)).query(Long.class).list());
    }

    /**
     * An account's statuses as the viewer may see them. Mutes do not apply: whoever opens a
     * profile asked to see it.
     */
    List<Long> byAccount(long accountId, Long viewerId, Paging paging, boolean onlyMedia, boolean excludeReplies) {
        String sql = "SELECT s.id FROM statuses s"
                + " WHERE s.account_id = :accountId AND " + paging.where("s.id")
                + (excludeReplies ? " AND s.in_reply_to_id IS NULL" : "")
                + " AND " + StatusVisibilitySql.visibleTo("s")
                + (onlyMedia ? ONLY_MEDIA : "")
                + " ORDER BY " + paging.orderBy("s.id");
        return ids(paging, jdbc.sql(sql).param("accountId", accountId).param("viewerId", viewerId));
    }

    private static List<Long> ids(Paging paging, JdbcClient.StatementSpec statement) {
        return paging.newestFirst(paging.bind(statement).query(Long.class).list());
    }
}
