package com.graminsta.feed;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The markers table: one reading position per account and timeline. */
@Repository
class Markers {

    record Marker(String timeline, long lastReadId, int version, Instant updatedAt) {
    }

    private final JdbcClient jdbc;

    Markers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Marker> find(long accountId, Collection<String> timelines) {
        if (timelines.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT timeline, last_read_id, version, updated_at FROM markers"
                        + " WHERE account_id = :accountId AND timeline IN (:timelines) ORDER BY timeline")
                .param("accountId", accountId)
                .param("timelines", timelines)
                .query((row, number) -> new Marker(row.getString("timeline"), row.getLong("last_read_id"),
                        row.getInt("version"), row.getTimestamp("updated_at").toInstant()))
                .list();
    }

    /** Sets the position; each update raises the version by one, in one statement, so none is lost. */
    Marker save(long accountId, String timeline, long lastReadId) {
        return jdbc.sql("""
                        INSERT INTO markers (account_id, timeline, last_read_id) VALUES (:accountId, :timeline, :lastReadId)
                        ON CONFLICT (account_id, timeline) DO UPDATE
                            SET last_read_id = excluded.last_read_id, version = markers.version + 1, updated_at = now()
                        RETURNING timeline, last_read_id, version, updated_at""")
                .param("accountId", accountId)
                .param("timeline", timeline)
                .param("lastReadId", lastReadId)
                .query((row, number) -> new Marker(row.getString("timeline"), row.getLong("last_read_id"),
                        row.getInt("version"), row.getTimestamp("updated_at").toInstant()))
                .single();
    }
}
