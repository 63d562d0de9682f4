package com.graminsta.posts;

import java.util.Collection;

import com.graminsta.platform.ids.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Hashtags, one row per name (compared ignoring case), and which statuses use them. Names are
 * stored as {@link Hashtags#normalise} makes them, so the tag timeline and search find them by
 * the same normalised form.
 */
@Repository
class Tags {

    private final JdbcClient jdbc;

    Tags(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Links the status to these tags, creating the ones never used before. */
    void attach(long statusId, Collection<String> names) {
        if (names.isEmpty()) {
            return;
        }
        // A tag belongs to no one; its id takes the status's shard, as good a place as any.
        jdbc.sql("""
                        INSERT INTO tags (id, name)
                        SELECT next_id(:shard), name FROM unnest(ARRAY[:names]) AS name
                        ON CONFLICT ((lower(name))) DO NOTHING""")
                .param("shard", Ids.shardOf(statusId))
                .param("names", names)
                .update();
        jdbc.sql("""
                        INSERT INTO status_tags (tag_id, status_id)
                        SELECT id, :statusId FROM tags WHERE lower(name) IN (:names)
                        ON CONFLICT DO NOTHING""")
                .param("statusId", statusId)
                .param("names", names)
                .update();
    }
}
