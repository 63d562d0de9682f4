package com.graminsta.media;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.graminsta.platform.ids.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The direct_uploads table. */
@Repository
class DirectUploads {

    private static final String COLUMNS = "id, account_id, object_key, content_type, size, description, focus_x, focus_y, media_id";

    private final JdbcClient jdbc;

    DirectUploads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long accountId, String objectKey, String contentType, long size, String description, MediaRules.Focus focus) {
        return jdbc.sql("""
                        INSERT INTO direct_uploads (id, account_id, object_key, content_type, size, description, focus_x, focus_y)
                        VALUES (next_id(:shard), :accountId, :objectKey, :contentType, :size, :description, :focusX, :focusY)
                        RETURNING id""")
                .param("shard", Ids.shardOf(accountId))
                .param("accountId", accountId)
                .param("objectKey", objectKey)
                .param("contentType", contentType)
                .param("size", size)
                .param("description", description == null ? "" : description)
                .param("focusX", focus == null ? 0 : focus.x())
                .param("focusY", focus == null ? 0 : focus.y())
                .query(Long.class)
                .single();
    }

    /** The account's own upload; someone else's is as absent as one that never existed. */
    Optional<DirectUpload> findOwn(long id, long accountId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM direct_uploads WHERE id = :id AND account_id = :accountId")
                .param("id", id)
                .param("accountId", accountId)
                .query(DirectUploads::row)
                .optional();
    }

    /** Locks the upload until the caller's transaction ends, so two completions cannot both make an attachment. */
    Optional<DirectUpload> lock(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM direct_uploads WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(DirectUploads::row)
                .optional();
    }

    void completed(long id, long mediaId) {
        jdbc.sql("UPDATE direct_uploads SET media_id = :mediaId WHERE id = :id")
                .param("mediaId", mediaId)
                .param("id", id)
                .update();
    }

    /** Deletes up to {@code limit} uploads older than {@code age}, skipping any being completed now. */
    List<DirectUpload> deleteOlderThan(Duration age, int limit) {
        return jdbc.sql("""
                        DELETE FROM direct_uploads WHERE id IN (
                            SELECT id FROM direct_uploads
                            WHERE created_at < now() - make_interval(secs => :age)
                            LIMIT :limit
                            FOR UPDATE SKIP LOCKED)
                        RETURNING\s""" + COLUMNS)
                .param("age", (double) age.toSeconds())
                .param("limit", limit)
                .query(DirectUploads::row)
                .list();
    }

    private static DirectUpload row(ResultSet rs, int row) throws SQLException {
        return new DirectUpload(
                rs.getLong("id"),
                rs.getLong("account_id"),
                rs.getString("object_key"),
                rs.getString("content_type"),
                rs.getLong("size"),
                rs.getString("description"),
                new MediaRules.Focus(rs.getDouble("focus_x"), rs.getDouble("focus_y")),
                rs.getObject("media_id", Long.class));
    }
}
