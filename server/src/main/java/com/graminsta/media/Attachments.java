package com.graminsta.media;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.graminsta.media.Attachment.State;
import com.graminsta.media.Attachment.StoredVariant;
import com.graminsta.media.Attachment.StoredVariants;
import com.graminsta.platform.cache.Cache;
import com.graminsta.platform.cache.Caches;
import com.graminsta.platform.ids.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The media_attachments table. A post's photos hardly change once posted, and every rendered post
 * shows them: they are read through the {@code status-media} cache by status id (an empty list for
 * a status without photos is cached too), and every statement here that changes an attached photo
 * evicts its status after the commit (docs/decisions/0025).
 */
@Repository
class Attachments {

    /** As statuses: how stale a post's photos may be if an eviction is lost. */
    static final Duration CACHED_FOR = Duration.ofMinutes(5);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = """
            id, account_id, status_id, state, failure, original_key, variants_key, description, focus_x, focus_y,
            width, height, blurhash, variants::text AS variants, created_at""";

    /** Photos processed before previews existed have no such key in their variants. */
    private static final String NO_PREVIEW = "coalesce(variants -> 'preview', 'null'::jsonb) = 'null'::jsonb";

    private final JdbcClient jdbc;
    private final Cache<Long, StatusPhotos> cache;

    Attachments(JdbcClient jdbc, Caches caches) {
        this.jdbc = jdbc;
        this.cache = caches.cache("status-media", StatusPhotos.class, CACHED_FOR);
    }

    /** The photos of one status, in posting order, as cached. */
    record StatusPhotos(List<Attachment> photos) {
    }

    long insert(long accountId, String originalKey, String variantsKey, String description, MediaRules.Focus focus) {
        return jdbc.sql("""
                        INSERT INTO media_attachments (id, account_id, original_key, variants_key, description, focus_x, focus_y)
                        VALUES (next_id(:shard), :accountId, :originalKey, :variantsKey, :description, :focusX, :focusY)
                        RETURNING id""")
                .param("shard", Ids.shardOf(accountId))
                .param("accountId", accountId)
                .param("originalKey", originalKey)
                .param("variantsKey", variantsKey)
                .param("description", description == null ? "" : description)
                .param("focusX", focus == null ? 0 : focus.x())
                .param("focusY", focus == null ? 0 : focus.y())
                .query(Long.class)
                .single();
    }

    Optional<Attachment> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM media_attachments WHERE id = :id")
                .param("id", id)
                .query(Attachments::row)
                .optional();
    }

    /** The account's own upload; someone else's is as absent as one that never existed. */
    Optional<Attachment> findOwn(long id, long accountId) {
        return find(id).filter(attachment -> attachment.accountId() == accountId);
    }

    /** Applies the fields given (null leaves one as it is); false when the upload is not the account's. */
    boolean update(long id, long accountId, String description, MediaRules.Focus focus) {
        return changed(jdbc.sql("""
                        UPDATE media_attachments SET
                            description = coalesce(:description, description),
                            focus_x = coalesce(CAST(:focusX AS real), focus_x),
                            focus_y = coalesce(CAST(:focusY AS real), focus_y)
                        WHERE id = :id AND account_id = :accountId
                        RETURNING status_id""")
                .param("description", description)
                .param("focusX", focus == null ? null : focus.x())
                .param("focusY", focus == null ? null : focus.y())
                .param("id", id)
                .param("accountId", accountId));
    }

    /** Runs an update of one photo that returns its status_id, and evicts that status's photos; true when there was one. */
    private boolean changed(JdbcClient.StatementSpec update) {
        List<Long> statusIds = update.query((row, n) -> row.getObject("status_id", Long.class)).list();
        statusIds.stream().filter(Objects::nonNull).forEach(cache::evictAfterCommit);
        return statusIds.size() == 1;
    }

    /** Records the variants; false when the upload is gone or was already finished. */
    boolean markReady(long id, int width, int height, String blurhash, StoredVariants variants) {
        return jdbc.sql("""
                        UPDATE media_attachments SET state = 'ready', failure = NULL, width = :width, height = :height,
                            blurhash = :blurhash, variants = CAST(:variants AS jsonb), processed_at = now()
                        WHERE id = :id AND state = 'processing'""")
                .param("width", width)
                .param("height", height)
                .param("blurhash", blurhash)
                .param("variants", JSON.writeValueAsString(variants))
                .param("id", id)
                .update() == 1;
    }

    /** Up to {@code limit} finished photos with no preview yet, the first ones after {@code afterId} in id order. */
    List<Attachment> withoutPreviewAfter(long afterId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM media_attachments WHERE id > :afterId AND state = 'ready' AND "
                        + NO_PREVIEW + " ORDER BY id LIMIT :limit")
                .param("afterId", afterId)
                .param("limit", limit)
                .query(Attachments::row)
                .list();
    }

    /** Records a preview made later; false when the photo is gone or already has one. */
    boolean addPreview(long id, StoredVariant preview) {
        return changed(jdbc.sql("UPDATE media_attachments SET variants = jsonb_set(variants, '{preview}', CAST(:preview AS jsonb)) "
                        + "WHERE id = :id AND state = 'ready' AND " + NO_PREVIEW + " RETURNING status_id")
                .param("preview", JSON.writeValueAsString(preview))
                .param("id", id));
    }

    boolean markFailed(long id, String reason) {
        return jdbc.sql("""
                        UPDATE media_attachments SET state = 'failed', failure = :reason, processed_at = now()
                        WHERE id = :id AND state = 'processing'""")
                .param("reason", reason)
                .param("id", id)
                .update() == 1;
    }

    void forgetOriginal(long id) {
        jdbc.sql("UPDATE media_attachments SET original_key = NULL WHERE id = :id").param("id", id).update();
    }

    /** Locks the given uploads for attaching, so two posts cannot both take one. */
    List<Attachment> lockAll(Collection<Long> ids) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM media_attachments WHERE id IN (:ids) ORDER BY id FOR UPDATE")
                .param("ids", ids)
                .query(Attachments::row)
                .list();
    }

    void attach(long id, long statusId, int position) {
        jdbc.sql("UPDATE media_attachments SET status_id = :statusId, position = :position WHERE id = :id")
                .param("statusId", statusId)
                .param("position", position)
                .param("id", id)
                .update();
        cache.evictAfterCommit(statusId);
    }

    /** The photos of each of these statuses, in posting order; a status without photos has an empty list. */
    Map<Long, List<Attachment>> forStatuses(Collection<Long> statusIds) {
        Map<Long, List<Attachment>> photos = new LinkedHashMap<>();
        cache.getAll(statusIds, missing -> {
            Map<Long, List<Attachment>> loaded = new LinkedHashMap<>();
            missing.forEach(id -> loaded.put(id, new ArrayList<>()));
            jdbc.sql("SELECT " + COLUMNS + " FROM media_attachments WHERE status_id IN (:statusIds) ORDER BY status_id, position")
                    .param("statusIds", missing)
                    .query(Attachments::row)
                    .list()
                    .forEach(attachment -> loaded.get(attachment.statusId()).add(attachment));
            Map<Long, StatusPhotos> byStatus = new LinkedHashMap<>();
            loaded.forEach((id, list) -> byStatus.put(id, new StatusPhotos(List.copyOf(list))));
            return byStatus;
        }).forEach((id, cached) -> photos.put(id, cached.photos()));
        return photos;
    }

    List<Attachment> deleteForStatus(long statusId) {
        List<Attachment> deleted = jdbc.sql("DELETE FROM media_attachments WHERE status_id = :statusId RETURNING " + COLUMNS)
                .param("statusId", statusId)
                .query(Attachments::row)
                .list();
        cache.evictAfterCommit(statusId);
        return deleted;
    }

    /** Deletes up to {@code limit} uploads left unattached for longer than {@code age}, skipping any being attached now. */
    List<Attachment> deleteUnattachedOlderThan(Duration age, int limit) {
        return jdbc.sql("""
                        DELETE FROM media_attachments WHERE id IN (
                            SELECT id FROM media_attachments
                            WHERE status_id IS NULL AND created_at < now() - make_interval(secs => :age)
                            LIMIT :limit
                            FOR UPDATE SKIP LOCKED)
                        RETURNING\s""" + COLUMNS)
                .param("age", (double) age.toSeconds())
                .param("limit", limit)
                .query(Attachments::row)
                .list();
    }

    private static Attachment row(ResultSet rs, int row) throws SQLException {
        String variants = rs.getString("variants");
        return new Attachment(
                rs.getLong("id"),
                rs.getLong("account_id"),
                rs.getObject("status_id", Long.class),
                State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                rs.getString("failure"),
                rs.getString("original_key"),
                rs.getString("variants_key"),
                rs.getString("description"),
                rs.getDouble("focus_x"),
                rs.getDouble("focus_y"),
                rs.getObject("width", Integer.class),
                rs.getObject("height", Integer.class),
                rs.getString("blurhash"),
                variants == null ? null : JSON.readValue(variants, StoredVariants.class),
                rs.getTimestamp("created_at").toInstant());
    }
}
