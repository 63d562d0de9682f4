package com.graminsta.posts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.graminsta.platform.cache.Cache;
import com.graminsta.platform.cache.Caches;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which local accounts a status @mentions, found by username when it is posted. A status's
 * mentions never change after (usernames do not either), so they are cached under
 * {@code mentions:{status id}}; a mentioned account deleted since may stay linked for that long.
 */
@Repository
class Mentions {

    static final Duration CACHED_FOR = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final Cache<Long, StatusMentions> cache;

    Mentions(JdbcClient jdbc, Caches caches) {
        this.jdbc = jdbc;
        this.cache = caches.cache("mentions", StatusMentions.class, CACHED_FOR);
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
        cache.getAll(statusIds, this::load).forEach((statusId, mentioned) -> {
            for (Mentioned one : mentioned.accounts()) {
                byStatus.computeIfAbsent(statusId, id -> new HashMap<>()).put(one.key(), one);
            }
        });
        return byStatus;
    }

    /** Every status asked for has an entry, empty when it mentions no one, so that is cached too. */
    private Map<Long, StatusMentions> load(List<Long> statusIds) {
        Map<Long, List<Mentioned>> found = new HashMap<>();
        statusIds.forEach(id -> found.put(id, new ArrayList<>()));
        jdbc.sql("""
                        SELECT m.status_id, a.id, a.username FROM mentions m JOIN accounts a ON a.id = m.account_id
                        WHERE m.status_id IN (:statusIds)""")
                .param("statusIds", statusIds)
                .query((row, number) -> new Mentioned(row.getLong("status_id"), row.getLong("id"), row.getString("username")))
                .list()
                .forEach(mentioned -> found.get(mentioned.statusId()).add(mentioned));
        Map<Long, StatusMentions> loaded = new HashMap<>();
        found.forEach((id, accounts) -> loaded.put(id, new StatusMentions(List.copyOf(accounts))));
        return loaded;
    }

    /** What a status mentions, as cached. */
    record StatusMentions(List<Mentioned> accounts) {
    }

    record Mentioned(long statusId, long accountId, String username) {

        String key() {
            return username.toLowerCase(Locale.ROOT);
        }
    }
}
