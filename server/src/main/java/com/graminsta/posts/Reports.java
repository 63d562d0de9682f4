package com.graminsta.posts;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import com.graminsta.platform.ids.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reports filed against accounts, kept for moderators (who come later). */
@Repository
class Reports {

    private final JdbcClient jdbc;

    Reports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Report(long id, long targetAccountId, List<Long> statusIds, String comment, String category, Instant createdAt) {
    }

    Report add(long reporterId, long targetAccountId, List<Long> statusIds, String comment, String category,
               boolean forward) {
        return jdbc.sql("""
                        INSERT INTO reports (id, account_id, target_account_id, status_ids, comment, category, forward)
                        VALUES (next_id(:shard), :reporterId, :targetId, CAST(:statusIds AS bigint[]), :comment, :category, :forward)
                        RETURNING id, target_account_id, status_ids, comment, category, created_at""")
                .param("shard", Ids.shardOf(reporterId))
                .param("reporterId", reporterId)
                .param("targetId", targetAccountId)
                .param("statusIds", arrayLiteral(statusIds))
                .param("comment", comment)
                .param("category", category)
                .param("forward", forward)
                .query((row, number) -> new Report(
                        row.getLong("id"),
                        row.getLong("target_account_id"),
                        longs(row.getArray("status_ids")),
                        row.getString("comment"),
                        row.getString("category"),
                        row.getTimestamp("created_at").toInstant()))
                .single();
    }

    /**
     * Which of these statuses belong to the account and may be reported by the reporter: those
     * the reporter can see, and any of an author with whom the reporter has a block either way,
     * since blocking (or being blocked) must not stop anyone reporting what they were sent.
     */
    List<Long> reportable(long reporterId, long targetAccountId, Collection<Long> statusIds) {
        if (statusIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT s.id FROM statuses s
                        WHERE s.id IN (:statusIds) AND s.account_id = :targetId
                          AND (%s OR EXISTS (SELECT 1 FROM blocks b
                                             WHERE (b.account_id = s.account_id AND b.target_account_id = :viewerId)
                                                OR (b.account_id = :viewerId AND b.target_account_id = s.account_id)))"""
                        .formatted(StatusVisibilitySql.visibleTo("s")))
                .param("statusIds", statusIds)
                .param("targetId", targetAccountId)
                .param("viewerId", reporterId)
                .query(Long.class)
                .list();
    }

    /** A PostgreSQL array literal: portable across drivers, and an empty list needs no special case. */
    private static String arrayLiteral(List<Long> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    private static List<Long> longs(Array array) throws SQLException {
        Long[] values = (Long[]) array.getArray();
        return List.of(values);
    }
}
