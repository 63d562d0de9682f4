package com.graminsta.posts;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code Idempotency-Key}s of POST /api/v1/statuses. A key is claimed, in the posting transaction,
 * before the post exists, for the id the post is about to get. A duplicate request arriving
 * meanwhile waits on the claimed row: when the first request commits, the duplicate finds the key
 * taken and answers with that post; when it fails, the duplicate claims the key and posts itself.
 */
@Repository
class IdempotencyKeys {

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the key for {@code statusId}: empty when the key is now this transaction's, else the
     * id of the post the key already gave. The account's expired keys go first; that keeps the
     * table small without a cleanup job, and lets an expired key be used again.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Long> claim(long accountId, String key, long statusId) {
        jdbc.sql("""
                        DELETE FROM status_idempotency_keys
                        WHERE account_id = :accountId AND created_at < now() - make_interval(secs => :lifetime)""")
                .param("accountId", accountId)
                .param("lifetime", (double) StatusRules.IDEMPOTENCY_KEY_LIFETIME.toSeconds())
                .update();
        while (true) {
            if (insert(accountId, key, statusId)) {
                return Optional.empty();
            }
            // The post that holds the key may be deleted (taking the key with it) before it is
            // read; then the key is free again and the loop claims it.
            Optional<Long> taken = jdbc.sql("SELECT status_id FROM status_idempotency_keys WHERE account_id = :accountId AND key = :key")
                    .param("accountId", accountId)
                    .param("key", key)
                    .query(Long.class)
                    .optional();
            if (taken.isPresent()) {
                return taken;
            }
        }
    }

    private boolean insert(long accountId, String key, long statusId) {
        return jdbc.sql("""
                        INSERT INTO status_idempotency_keys (account_id, key, status_id)
                        VALUES (:accountId, :key, :statusId)
                        ON CONFLICT (account_id, key) DO NOTHING
                        RETURNING status_id""")
                .param("accountId", accountId)
                .param("key", key)
                .param("statusId", statusId)
                .query(Long.class)
                .optional()
                .isPresent();
    }
}
