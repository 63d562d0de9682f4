package com.graminsta.feed;

import java.util.List;

import com.graminsta.platform.web.Paging;
import com.graminsta.posts.StatusVisibilitySql;
import com.graminsta.social.MuteSql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The home timeline, pulled from SQL: the viewer's own posts and those of the accounts it
 * follows, newest first. Comments stay under their posts and are not in it, as on Instagram.
 *
 * <p>A page is read in one of two ways, the cheap one first:
 * <ol>
 * <li><b>Among the newest posts.</b> The {@value #RECENT_POSTS} newest posts of anyone inside the
 * page's window, from the index {@code statuses_posts_recent}; if the followed accounts wrote
 * enough of them to fill the page, the page is those. This is the usual case, and well under a
 * millisecond of database time.
 * <li><b>Merged per account</b>, when they did not: the followed accounts are quiet, or the
 * database is busy with everyone else. One list per followed account, read in two passes over
 * the index {@code statuses_account_posts (account_id, id DESC)}: first each account's newest
 * post inside the window. The {@code limit}-th newest of these is a floor: there are already
 * {@code limit} posts at or above it, so no post of the page lies below it (with fewer heads
 * than that, there is no floor). Then the posts above the floor of the {@code limit} accounts
 * whose newest post is above it. That is one index probe per followed account and a few more,
 * whatever the database holds and however the followed accounts post: a few milliseconds for a
 * thousand of them.
 * </ol>
 * Either way the cost is bounded; scanning the newest posts of everyone without a bound, as the
 * obvious query does, is not. loadtest/home-timeline/README.md has the measurements.
 *
 * <p>Muted accounts are left out of the lists themselves, so they never shorten a page. Blocks
 * need no such care: a block ends the follows between the two accounts. The shared visibility
 * rule is still applied to the page, so timelines never disagree with the rest of the API.
 */
@Repository
class HomeTimeline {

    /** How many of the newest posts the cheap way looks at before giving up on them. */
    static final int RECENT_POSTS = 1000;

    /** The accounts the viewer follows and does not mute now. */
    private static final String FOLLOWED = """
            followed AS (
                SELECT f.target_account_id AS account_id FROM follows f
                WHERE f.account_id = :viewerId
                  AND NOT EXISTS (SELECT 1 FROM mutes m
                                  WHERE m.account_id = f.account_id AND m.target_account_id = f.target_account_id
                                    AND %s)
            )""".formatted(MuteSql.inForce("m"));

    private final JdbcClient jdbc;

    HomeTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The ids of one page, newest first. */
    List<Long> page(long viewerId, Paging paging) {
        List<Long> ids = read(amongNewest(paging), viewerId, paging);
        if (ids.size() < paging.limit()) {
            ids = read(merged(paging), viewerId, paging);
        }
        return paging.newestFirst(ids);
    }

    /**
     * Whether the post is on the viewer's home timeline now: the first way alone answers that
     * exactly for a window that holds only that post, whoever the viewer follows.
     */
    boolean contains(long viewerId, long statusId) {
        Paging only = TimelineMembership.only(statusId);
        return !read(amongNewest(only), viewerId, only).isEmpty();
    }

    /** The same page, read the second way only, so tests can hold the two ways to each other. */
    List<Long> mergedPage(long viewerId, Paging paging) {
        return paging.newestFirst(read(merged(paging), viewerId, paging));
    }

    /**
     * Written as "own, or in the followed set" on purpose: PostgreSQL then hashes the followed ids
     * once. As a plain {@code IN}, a plan made for any viewer (and the driver's prepared statements
     * get one) may compare each recent post with each followed id instead, a million comparisons.
     */
    private static String amongNewest(Paging paging) {
        return """
                candidates AS (
                    SELECT recent.id FROM (
                        SELECT s.id, s.account_id FROM statuses s
                        WHERE s.in_reply_to_id IS NULL AND %2$s
                        ORDER BY s.id %1$s LIMIT %3$d) recent
                    WHERE recent.account_id = :viewerId OR recent.account_id IN (SELECT account_id FROM followed)
                    ORDER BY recent.id %1$s LIMIT :limit
                )"""
                .formatted(order(paging), paging.where("s.id"), RECENT_POSTS);
    }

    /** min_id pages up from a point: the same merge, mirrored. */
    private static String merged(Paging paging) {
        String floor = paging.ascending() ? "max" : "min";
        String onPageSide = paging.ascending() ? "<=" : ">=";
        String noFloor = paging.ascending() ? "9223372036854775807" : "-9223372036854775808";
        return """
                sources AS (
                    SELECT CAST(:viewerId AS bigint) AS account_id UNION ALL SELECT account_id FROM followed
                ),
                heads AS MATERIALIZED (
                    SELECT sources.account_id, newest.id FROM sources CROSS JOIN LATERAL (
                        SELECT s.id FROM statuses s
                        WHERE s.account_id = sources.account_id AND s.in_reply_to_id IS NULL AND %5$s
                        ORDER BY s.id %1$s LIMIT 1) newest
                ),
                floor AS (
                    SELECT CASE WHEN count(*) = :limit THEN %2$s(top.id) END AS id
                    FROM (SELECT id FROM heads ORDER BY id %1$s LIMIT :limit) top
                ),
                candidates AS (
                    SELECT post.id FROM heads CROSS JOIN floor CROSS JOIN LATERAL (
                        SELECT s.id FROM statuses s
                        WHERE s.account_id = heads.account_id AND s.in_reply_to_id IS NULL AND %5$s
                          AND s.id %3$s coalesce(floor.id, %4$s)
                        ORDER BY s.id %1$s LIMIT :limit) post
                    WHERE heads.id %3$s coalesce(floor.id, %4$s)
                    ORDER BY post.id %1$s LIMIT :limit
                )"""
                .formatted(order(paging), floor, onPageSide, noFloor, paging.where("s.id"));
    }

    /** The candidates the viewer may see, in the page's order. */
    private List<Long> read(String candidates, long viewerId, Paging paging) {
        String select = """
                SELECT s.id FROM candidates c JOIN statuses s ON s.id = c.id
                WHERE %s AND %s
                ORDER BY s.id %s"""
                .formatted(StatusVisibilitySql.visibleTo("s"), StatusVisibilitySql.notMutedBy("s"), order(paging));
        String sql = "WITH " + FOLLOWED + ",\n" + candidates + "\n" + select;
        return paging.bind(jdbc.sql(sql))
                .param("viewerId", viewerId)
                .query(Long.class)
                .list();
    }

    private static String order(Paging paging) {
        return paging.ascending() ? "ASC" : "DESC";
    }
}
