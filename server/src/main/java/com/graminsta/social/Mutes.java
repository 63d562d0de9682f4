package com.graminsta.social;

import java.time.Duration;
import java.util.List;

import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who mutes whom: the muted account's posts (and, by choice, notifications) stay out of the
 * muter's sight, until the muter unmutes or the mute's duration ends ({@link MuteSql}).
 */
@Repository
class Mutes {

    private final JdbcClient jdbc;

    Mutes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Mutes for {@code duration}, or until undone when it is null. Muting again sets both options
     * anew, as in Mastodon: a mute that had ended, or was to end, lasts as now asked.
     */
    void add(long muterId, long targetId, boolean hideNotifications, Duration duration) {
        jdbc.sql("""
                        INSERT INTO mutes (id, account_id, target_account_id, hide_notifications, expires_at)
                        VALUES (next_id(:shard), :muterId, :targetId, :hideNotifications,
                                now() + make_interval(secs => CAST(:seconds AS bigint)))
                        ON CONFLICT (account_id, target_account_id)
                        DO UPDATE SET hide_notifications = EXCLUDED.hide_notifications, expires_at = EXCLUDED.expires_at""")
                .param("shard", Ids.shardOf(muterId))
                .param("muterId", muterId)
                .param("targetId", targetId)
                .param("hideNotifications", hideNotifications)
                .param("seconds", duration == null ? null : duration.toSeconds())
                .update();
    }

    void remove(long muterId, long targetId) {
        jdbc.sql("DELETE FROM mutes WHERE account_id = :muterId AND target_account_id = :targetId")
                .param("muterId", muterId)
                .param("targetId", targetId)
                .update();
    }

    /** The accounts the muter mutes now; ended mutes are left out even before they are swept. */
    List<Listed> by(long muterId, Paging paging) {
        return EdgePages.page(jdbc, "mutes", "account_id", "target_account_id", muterId, muterId,
                MuteSql.inForce("e"), paging);
    }

    /** Deletes up to {@code limit} mutes that have ended; how many it deleted. */
    int deleteEnded(int limit) {
        return jdbc.sql("""
                        DELETE FROM mutes WHERE id IN (
                            SELECT id FROM mutes WHERE expires_at <= now() ORDER BY expires_at LIMIT :limit
                            FOR UPDATE SKIP LOCKED)""")
                .param("limit", limit)
                .update();
    }
}
