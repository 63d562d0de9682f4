package com.graminsta.social;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.graminsta.accounts.AccountVisibility;
import com.graminsta.platform.cache.Cache;
import com.graminsta.platform.cache.Caches;
import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who blocks whom. A block hides the blocker from the blocked account entirely, which is how
 * accounts learns (through {@link AccountVisibility}) whom not to show.
 *
 * <p>Each account's blocks, both ways, are cached under {@code blocks:{id}}: visibility is asked
 * on nearly every read, and nearly every account has none. A block or unblock evicts both
 * accounts' entries after it commits.
 */
@Repository
class Blocks implements AccountVisibility {

    /** How long a lost eviction can leave a block unseen (or an unblock unapplied). */
    static final Duration CACHED_FOR = Duration.ofSeconds(30);

    private final JdbcClient jdbc;
    private final Cache<Long, Edges> cache;

    /** The accounts one account blocks, and those that block it. */
    record Edges(List<Long> blocking, List<Long> blockedBy) {

        boolean either(long accountId) {
            return blocking.contains(accountId) || blockedBy.contains(accountId);
        }
    }

    Blocks(JdbcClient jdbc, Caches caches) {
        this.jdbc = jdbc;
        this.cache = caches.cache("blocks", Edges.class, CACHED_FOR);
    }

    void add(long blockerId, long targetId) {
        jdbc.sql("""
                        INSERT INTO blocks (id, account_id, target_account_id)
                        VALUES (next_id(:shard), :blockerId, :targetId)
                        ON CONFLICT (account_id, target_account_id) DO NOTHING""")
                .param("shard", Ids.shardOf(blockerId))
                .param("blockerId", blockerId)
                .param("targetId", targetId)
                .update();
        evictAfterCommit(blockerId, targetId);
    }

    void remove(long blockerId, long targetId) {
        jdbc.sql("DELETE FROM blocks WHERE account_id = :blockerId AND target_account_id = :targetId")
                .param("blockerId", blockerId)
                .param("targetId", targetId)
                .update();
        evictAfterCommit(blockerId, targetId);
    }

    boolean blocks(long blockerId, long targetId) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM blocks WHERE account_id = :blockerId AND target_account_id = :targetId)""")
                .param("blockerId", blockerId)
                .param("targetId", targetId)
                .query(Boolean.class)
                .single();
    }

    @Override
    public boolean hiddenFrom(long accountId, Long viewerId) {
        return viewerId != null && viewerId != accountId && edges(viewerId).blockedBy().contains(accountId);
    }

    @Override
    public boolean blockedEitherWay(long accountId, Long viewerId) {
        return viewerId != null && viewerId != accountId && edges(viewerId).either(accountId);
    }

    @Override
    public Set<Long> blockedEitherWayAmong(long accountId, Collection<Long> viewerIds) {
        if (viewerIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        SELECT target_account_id FROM blocks WHERE account_id = :accountId AND target_account_id = ANY(:viewers)
                        UNION
                        SELECT account_id FROM blocks WHERE target_account_id = :accountId AND account_id = ANY(:viewers)""")
                .param("accountId", accountId)
                .param("viewers", viewerIds.toArray(Long[]::new))
                .query(Long.class)
                .list());
    }

    /** Asked by the viewer's id, so one cached entry answers for every account a page shows. */
    private Edges edges(long accountId) {
        return cache.get(accountId, () -> {
            List<Long> blocking = new ArrayList<>();
            List<Long> blockedBy = new ArrayList<>();
            jdbc.sql("""
                            SELECT account_id, target_account_id FROM blocks
                            WHERE account_id = :accountId OR target_account_id = :accountId""")
                    .param("accountId", accountId)
                    .query(row -> {
                        if (row.getLong("account_id") == accountId) {
                            blocking.add(row.getLong("target_account_id"));
                        } else {
                            blockedBy.add(row.getLong("account_id"));
                        }
                    });
            return new Edges(List.copyOf(blocking), List.copyOf(blockedBy));
        });
    }

    private void evictAfterCommit(long blockerId, long targetId) {
        cache.evictAfterCommit(blockerId);
        cache.evictAfterCommit(targetId);
    }

    List<Listed> by(long blockerId, Paging paging) {
        return EdgePages.page(jdbc, "blocks", "account_id", "target_account_id", blockerId, blockerId, paging);
    }
}
