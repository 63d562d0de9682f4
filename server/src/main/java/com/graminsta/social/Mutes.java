package com.graminsta.social;

import java.util.List;

import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Who mutes whom: the muted account's posts (and, by choice, notifications) stay out of the muter's sight. */
@Repository
class Mutes {

    private final JdbcClient jdbc;

    Mutes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Muting again changes whether notifications are hidden, as in Mastodon. */
    void add(long muterId, long targetId, boolean hideNotifications) {
        jdbc.sql("""
                        INSERT INTO mutes (id, account_id, target_account_id, hide_notifications)
                        VALUES (next_id(:shard), :muterId, :targetId, :hideNotifications)
                        ON CONFLICT (account_id, target_account_id)
                        DO UPDATE SET hide_notifications = EXCLUDED.hide_notifications""")
                .param("shard", Ids.shardOf(muterId))
                .param("muterId", muterId)
                .param("targetId", targetId)
                .param("hideNotifications", hideNotifications)
                .update();
    }

    void remove(long muterId, long targetId) {
        jdbc.sql("DELETE FROM mutes WHERE account_id = :muterId AND target_account_id = :targetId")
                .param("muterId", muterId)
                .param("targetId", targetId)
                .update();
    }

    List<Listed> by(long muterId, Paging paging) {
        return EdgePages.page(jdbc, "mutes", "account_id", "target_account_id", muterId, muterId, paging);
    }
}
