package com.graminsta.social;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.graminsta.platform.web.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads how a viewer stands with many accounts at once, in one query whatever their number. */
@Repository
class Relationships {

    private final JdbcClient jdbc;

    Relationships(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The viewer's relationships with these accounts, in the order asked. Unknown accounts are
     * left out, and so are accounts that block the viewer: to the viewer they do not exist.
     */
    List<Relationship> of(long viewerId, Collection<Long> accountIds) {
        if (accountIds.isEmpty()) {
            return List.of();
        }
        Map<Long, Relationship.Edges> found = new HashMap<>();
        jdbc.sql("""
                        SELECT a.id,
                            EXISTS (SELECT 1 FROM follows f
                                    WHERE f.account_id = :viewerId AND f.target_account_id = a.id) AS following,
                            EXISTS (SELECT 1 FROM follows f
                                    WHERE f.account_id = a.id AND f.target_account_id = :viewerId) AS followed_by,
                            EXISTS (SELECT 1 FROM follow_requests r
                                    WHERE r.account_id = :viewerId AND r.target_account_id = a.id) AS requested,
                            EXISTS (SELECT 1 FROM follow_requests r
                                    WHERE r.account_id = a.id AND r.target_account_id = :viewerId) AS requested_by,
                            EXISTS (SELECT 1 FROM blocks b
                                    WHERE b.account_id = :viewerId AND b.target_account_id = a.id) AS blocking,
                            EXISTS (SELECT 1 FROM blocks b
                                    WHERE b.account_id = a.id AND b.target_account_id = :viewerId) AS blocked_by,
                            m.id IS NOT NULL AS muting,
                            coalesce(m.hide_notifications, false) AS mute_hides_notifications
                        FROM accounts a
                        LEFT JOIN mutes m ON m.account_id = :viewerId AND m.target_account_id = a.id
                            AND %s
                        WHERE a.id IN (:accountIds)""".formatted(MuteSql.inForce("m")))
                .param("viewerId", viewerId)
                .param("accountIds", accountIds)
                .query((row, number) -> new Relationship.Edges(
                        row.getLong("id"),
                        row.getBoolean("following"),
                        row.getBoolean("followed_by"),
                        row.getBoolean("requested"),
                        row.getBoolean("requested_by"),
                        row.getBoolean("blocking"),
                        row.getBoolean("blocked_by"),
                        row.getBoolean("muting"),
                        row.getBoolean("mute_hides_notifications")))
                .list()
                .forEach(edges -> found.put(edges.accountId(), edges));
        List<Relationship> relationships = new ArrayList<>();
        for (Long accountId : accountIds) {
            Relationship.Edges edges = found.get(accountId);
            // As in Mastodon, someone who was blocked learns it here (blocked_by), so clients can say so.
            if (edges != null) {
                relationships.add(Relationship.of(edges));
            }
        }
        return relationships;
    }

    /** The viewer's relationship with one account; it may have gone since it was checked. */
    Relationship of(long viewerId, long accountId) {
        return of(viewerId, List.of(accountId)).stream()
                .findFirst()
                .orElseThrow(ApiException::notFound);
    }
}
