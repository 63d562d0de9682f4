package com.graminsta.posts;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Which local accounts a status @mentions, found by username when it is posted. */
@Repository
class Mentions {

    private final JdbcClient jdbc;

    Mentions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The accounts with these usernames (lower case), by lower-case username; unknown names are absent. */
    Map<String, Long> resolve(Collection<String> usernames) {
        Map<String, Long> accounts = new LinkedHashMap<>();
        if (usernames.isEmpty()) {
            return accounts;
        }
        jdbc.sql("SELECT id, lower(username) AS username FROM accounts WHERE lower(username) IN (:usernames)")
                .param("usernames", usernames)
                .query((row, number) -> Map.entry(row.getString("username"), row.getLong("id")))
                .list()
                .forEach(entry -> accounts.put(entry.getKey(), entry.getValue()));
        return accounts;
    }

    void attach(long statusId, Collection<Long> accountIds) {
        if (accountIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO mentions (status_id, account_id)
                        SELECT :statusId, id FROM accounts WHERE id IN (:accountIds)
                        ON CONFLICT DO NOTHING""")
                .param("statusId", statusId)
                .param("accountIds", accountIds)
                .update();
    }

    /** Each status's mentioned accounts, by lower-case username; statuses mentioning no one are absent. */
    Map<Long, Map<String, Mentioned>> forStatuses(Collection<Long> statusIds) {
        Map<Long, Map<String, Mentioned>> byStatus = new HashMap<>();
        if (statusIds.isEmpty()) {
            return byStatus;
        }
        List<Mentioned> rows = jdbc.sql("""
                        SELECT m.status_id, a.id, a.username FROM mentions m JOIN accounts a ON a.id = m.account_id
                        WHERE m.status_id IN (:statusIds)""")
                .param("statusIds", statusIds)
                .query((row, number) -> new Mentioned(row.getLong("status_id"), row.getLong("id"), row.getString("username")))
                .list();
        for (Mentioned mentioned : rows) {
            byStatus.computeIfAbsent(mentioned.statusId(), id -> new HashMap<>()).put(mentioned.key(), mentioned);
        }
        return byStatus;
    }

    record Mentioned(long statusId, long accountId, String username) {

        String key() {
            return username.toLowerCase(Locale.ROOT);
        }
    }
}
