package com.graminsta.notifications;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.web.Paging;
import com.graminsta.posts.StatusVisibilitySql;
import com.graminsta.social.MuteSql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every account's notifications.
 *
 * <p>Whether the recipient wants to hear from the sender is decided twice, by the same rule:
 * when a notification is written, and again whenever it is read, so that a block or a mute made
 * later hides what came before, an unfollow hides what is about a private post one can no longer
 * see, and a follow request that was answered or withdrawn stops asking for an answer.
 */
@Repository
class Notifications {

    /**
     * The recipient {@code r} hears from {@code f}: no block between them either way, and no mute
     * in force that hides notifications. Bind nothing; {@code r} and {@code f} are SQL expressions.
     */
    private static String wanted(String r, String f) {
        return """
                NOT EXISTS (SELECT 1 FROM blocks b
                            WHERE (b.account_id = %1$s AND b.target_account_id = %2$s)
                               OR (b.account_id = %2$s AND b.target_account_id = %1$s))
                AND NOT EXISTS (SELECT 1 FROM mutes m
                                WHERE m.account_id = %1$s AND m.target_account_id = %2$s AND m.hide_notifications
                                  AND %3$s)"""
                .formatted(r, f, MuteSql.inForce("m"));
    }

    /** The status, if any, is one the recipient (bound as {@code :viewerId}) may see. */
    private static String statusVisible(String statusId, String lock) {
        return "(" + statusId + " IS NULL OR EXISTS (SELECT 1 FROM statuses s WHERE s.id = " + statusId
                + " AND " + StatusVisibilitySql.visibleTo("s") + lock + "))";
    }

    /** Everything a stored notification must still satisfy to be shown to its recipient. */
    private static final String SHOWN = wanted("n.account_id", "n.from_account_id")
            + " AND " + statusVisible("n.status_id", "")
            + """
             AND (n.type <> 'follow_request' OR EXISTS (SELECT 1 FROM follow_requests r
                  WHERE r.account_id = n.from_account_id AND r.target_account_id = n.account_id))""";

    private static final String COLUMNS = "n.id, n.type, n.from_account_id, n.status_id, n.created_at";

    private final JdbcClient jdbc;

    Notifications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Notifies the recipient, unless it would notify itself, does not want to hear from the
     * sender, may not see the status, or was already told. The new notification's id, if one was written.
     */
    Optional<Long> add(long recipientId, long fromAccountId, NotificationType type, Long statusId) {
        if (recipientId == fromAccountId) {
            return Optional.empty();
        }
        String sql = "INSERT INTO notifications (id, account_id, from_account_id, type, status_id)"
                + " SELECT next_id(:shard), CAST(:recipientId AS bigint), CAST(:fromAccountId AS bigint), :type,"
                + " CAST(:statusId AS bigint)"
                + " WHERE " + wanted("CAST(:recipientId AS bigint)", "CAST(:fromAccountId AS bigint)")
                // Locked, so that a status deleted meanwhile is found gone rather than failing the insert.
                + " AND " + statusVisible("CAST(:statusId AS bigint)", " FOR KEY SHARE OF s")
                + " ON CONFLICT ON CONSTRAINT notifications_once DO NOTHING RETURNING id";
        return jdbc.sql(sql)
                .param("shard", Ids.shardOf(recipientId))
                .param("recipientId", recipientId)
                .param("fromAccountId", fromAccountId)
                .param("type", type.wireName())
                .param("statusId", statusId)
                .param("viewerId", recipientId)
                .query(Long.class)
                .optional();
    }

    /** Removes the request's notification; true when there was one. */
    boolean removeFollowRequest(long recipientId, long requesterId) {
        return jdbc.sql("""
                        DELETE FROM notifications
                        WHERE account_id = :recipientId AND from_account_id = :requesterId AND type = 'follow_request'""")
                .param("recipientId", recipientId)
                .param("requesterId", requesterId)
                .update() > 0;
    }

    /** A page of the recipient's notifications that are still shown, newest first. */
    List<Notification> page(long recipientId, NotificationFilter filter, Paging paging) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM notifications n WHERE n.account_id = :viewerId AND ")
                .append(paging.where("n.id"));
        if (!filter.types().isEmpty()) {
            sql.append(" AND n.type IN (:types)");
        }
        if (!filter.excludeTypes().isEmpty()) {
            sql.append(" AND n.type NOT IN (:excludeTypes)");
        }
        if (filter.fromAccountId() != null) {
            sql.append(" AND n.from_account_id = :fromAccountId");
        }
        sql.append(" AND ").append(SHOWN).append(" ORDER BY ").append(paging.orderBy("n.id"));
        JdbcClient.StatementSpec statement = paging.bind(jdbc.sql(sql.toString())).param("viewerId", recipientId);
        if (!filter.types().isEmpty()) {
            statement = statement.param("types", filter.types());
        }
        if (!filter.excludeTypes().isEmpty()) {
            statement = statement.param("excludeTypes", filter.excludeTypes());
        }
        if (filter.fromAccountId() != null) {
            statement = statement.param("fromAccountId", filter.fromAccountId());
        }
        return paging.newestFirst(statement.query(Notifications::map).list());
    }

    /** One of the recipient's notifications, if it is still shown. */
    Optional<Notification> find(long recipientId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notifications n WHERE n.id = :id AND n.account_id = :viewerId AND " + SHOWN)
                .param("id", id)
                .param("viewerId", recipientId)
                .query(Notifications::map)
                .optional();
    }

    /** True when the recipient had this notification. */
    boolean dismiss(long recipientId, long id) {
        return jdbc.sql("DELETE FROM notifications WHERE id = :id AND account_id = :recipientId")
                .param("id", id)
                .param("recipientId", recipientId)
                .update() > 0;
    }

    void clear(long recipientId) {
        jdbc.sql("DELETE FROM notifications WHERE account_id = :recipientId")
                .param("recipientId", recipientId)
                .update();
    }

    private static Notification map(ResultSet row, int rowNumber) throws SQLException {
        return new Notification(
                row.getLong("id"),
                row.getString("type"),
                row.getLong("from_account_id"),
                row.getObject("status_id", Long.class),
                row.getTimestamp("created_at").toInstant());
    }
}
