package com.graminsta.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** All accounts, read and counted. Profile changes go through {@link ProfileService}. */
@Repository
public class Accounts {

    private static final String COLUMNS = """
            id, username, display_name, note, locked, avatar_key, followers_count, following_count,
            statuses_count, last_status_at, created_at""";

    private final JdbcClient jdbc;

    Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Account> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE id = :id")
                .param("id", id)
                .query(Accounts::map)
                .optional();
    }

    public Optional<Account> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE lower(username) = lower(:username)")
                .param("username", username)
                .query(Accounts::map)
                .optional();
    }

    public boolean exists(long id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM accounts WHERE id = :id)").param("id", id)
                .query(Boolean.class).single();
    }

    /** The accounts with these ids, keyed by id in the order asked for; missing ids are skipped. */
    public Map<Long, Account> findAllById(Collection<Long> ids) {
        Map<Long, Account> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        Map<Long, Account> byId = new LinkedHashMap<>();
        jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE id IN (:ids)")
                .param("ids", ids)
                .query(Accounts::map)
                .list()
                .forEach(account -> byId.put(account.id(), account));
        for (Long id : ids) {
            Account account = byId.get(id);
            if (account != null) {
                found.put(id, account);
            }
        }
        return found;
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
