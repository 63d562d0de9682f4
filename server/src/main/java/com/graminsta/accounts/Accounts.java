package com.graminsta.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.graminsta.platform.cache.Cache;
import com.graminsta.platform.cache.Caches;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * All accounts, read and counted. Profile changes go through {@link ProfileService}. Accounts
 * are read far more than they change (every profile and every post shows one), so reads by id go
 * through the {@code account} cache, and every change here evicts the account after its commit.
 */
@Repository
public class Accounts {

    /** The seed's {@code user:id}: how stale an account may be if an eviction is lost. */
    static final Duration CACHED_FOR = Duration.ofSeconds(30);

    private static final String COLUMNS = """
            id, username, display_name, note, locked, avatar_key, followers_count, following_count,
            statuses_count, last_status_at, created_at""";

    private final JdbcClient jdbc;
    private final Cache<Long, Account> cache;

    Accounts(JdbcClient jdbc, Caches caches) {
        this.jdbc = jdbc;
        this.cache = caches.cache("account", Account.class, CACHED_FOR);
    }

    public Optional<Account> findById(long id) {
        return Optional.ofNullable(cache.get(id, () -> jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE id = :id")
                .param("id", id)
                .query(Accounts::map)
                .optional()
                .orElse(null)));
    }

    public Optional<Account> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE lower(username) = lower(:username)")
                .param("username", username)
                .query(Accounts::map)
                .optional();
    }

    public boolean exists(long id) {
        return findById(id).isPresent();
    }

    /** The accounts with these ids, keyed by id in the order asked for; missing ids are skipped. */
    public Map<Long, Account> findAllById(Collection<Long> ids) {
        return cache.getAll(ids, missing -> {
            Map<Long, Account> byId = new LinkedHashMap<>();
            jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE id IN (:ids)")
                    .param("ids", missing)
                    .query(Accounts::map)
                    .list()
                    .forEach(account -> byId.put(account.id(), account));
            return byId;
        });
    }

    /** Accounts whose username or display name starts with the query, closest matches first. */
    public List<Account> search(String query, int limit, int offset) {
        String prefix = escapeLike(query.toLowerCase()) + "%";
        return jdbc.sql("SELECT " + COLUMNS + " " + """
                         FROM accounts
                         WHERE lower(username) LIKE :prefix OR lower(display_name) LIKE :prefix
                         ORDER BY lower(username) = :exact DESC, followers_count DESC, id
                         LIMIT :limit OFFSET :offset""")
                .param("prefix", prefix)
                .param("exact", query.toLowerCase())
                .param("limit", limit)
                .param("offset", offset)
                .query(Accounts::map)
                .list();
    }

    /** Moves the follow counters of both sides by {@code delta} in the caller's transaction. */
    public void countFollow(long followerId, long followedId, int delta) {
        jdbc.sql("UPDATE accounts SET following_count = following_count + :delta WHERE id = :id")
                .param("delta", delta).param("id", followerId).update();
        jdbc.sql("UPDATE accounts SET followers_count = followers_count + :delta WHERE id = :id")
                .param("delta", delta).param("id", followedId).update();
        changed(followerId);
        changed(followedId);
    }

    /**
     * Moves the author's post counter, in the transaction that adds or removes the post. Only
     * posts count: a profile's "posts" is its grid, and comments live under other people's
     * posts. (Mastodon counts replies too; Instagram, whose profile this is, does not.)
     */
    public void countPost(long accountId, int delta) {
        jdbc.sql("""
                        UPDATE accounts SET statuses_count = statuses_count + :delta,
                            last_status_at = CASE WHEN :delta > 0 THEN now() ELSE last_status_at END
                        WHERE id = :id""")
                .param("delta", delta)
                .param("id", accountId)
                .update();
        changed(accountId);
    }

    /** Called in every transaction that changes an account's row: evicts it once that commits. */
    void changed(long id) {
        cache.evictAfterCommit(id);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static Account map(ResultSet row, int rowNumber) throws SQLException {
        Timestamp lastStatusAt = row.getTimestamp("last_status_at");
        return new Account(
                row.getLong("id"),
                row.getString("username"),
                row.getString("display_name"),
                row.getString("note"),
                row.getBoolean("locked"),
                row.getString("avatar_key"),
                row.getInt("followers_count"),
                row.getInt("following_count"),
                row.getInt("statuses_count"),
                lastStatusAt == null ? null : lastStatusAt.toInstant(),
                row.getTimestamp("created_at").toInstant());
    }
}
