package com.graminsta.platform.database;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.graminsta.platform.redis.Redis;
import com.graminsta.platform.redis.RedisUnavailableException;
import io.lettuce.core.ScriptOutputType;

/**
 * Read-your-writes, as GitLab keeps it: after an account's write commits, the primary's log
 * position is noted for that account for {@link #KEPT}, and its reads stay on the primary until a
 * replica has replayed that far. Longer than a replica in the rotation may lag
 * ({@code graminsta.database.replica-max-lag}), so when the note expires every replica in the
 * rotation has the write.
 *
 * <p>Kept in Redis when one is configured, under {@code write-lsn:<account>}, so that the next
 * request finds it whichever instance it reaches; else in this process's memory, which is right
 * for one instance.
 */
class Sticking {

    static final Duration KEPT = Duration.ofSeconds(30);

    /**
     * Keeps the later of two positions: two writes of one account may finish in either order.
     * LSNs are compared as Lua numbers (doubles), exact below 2^53 bytes of WAL.
     */
    private static final String NOTE = """
            local noted = redis.call('GET', KEYS[1])
            if noted and tonumber(noted) >= tonumber(ARGV[1]) then
                redis.call('PEXPIRE', KEYS[1], ARGV[2])
            else
                redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            end
            return 1""";

    private record Note(Lsn lsn, long expiresNanos) {
    }

    private final Redis redis;
    private final Map<Long, Note> notes = new ConcurrentHashMap<>();
    private final AtomicInteger notesSinceSweep = new AtomicInteger();

    Sticking(Redis redis) {
        this.redis = redis;
    }

    /**
     * The position an account's reads must see: {@link Lsn#ZERO} when it wrote nothing lately,
     * null when that cannot be told (Redis does not answer; then its reads go to the primary).
     */
    Lsn lastWrite(long accountId) {
        if (redis.configured()) {
            try {
                byte[] noted = redis.call(commands -> commands.get(key(accountId)));
                return noted == null ? Lsn.ZERO : new Lsn(Long.parseUnsignedLong(new String(noted, StandardCharsets.US_ASCII)));
            } catch (RedisUnavailableException e) {
                return null;
            }
        }
        Note note = notes.get(accountId);
        if (note == null) {
            return Lsn.ZERO;
        }
        if (System.nanoTime() - note.expiresNanos() > 0) {
            notes.remove(accountId, note);
            return Lsn.ZERO;
        }
        return note.lsn();
    }

    /**
     * Notes a write. Without Redis answering, the note is lost and the account's next reads may
     * go to a replica that has not replayed the write; they do not while Redis does not answer,
     * since {@link #lastWrite} cannot tell then.
     */
    void wrote(long accountId, Lsn lsn) {
        if (redis.configured()) {
            try {
                redis.call(commands -> commands.eval(NOTE, ScriptOutputType.INTEGER, new String[] {key(accountId)},
                        ascii(Long.toUnsignedString(lsn.value())), ascii(Long.toString(KEPT.toMillis()))));
            } catch (RedisUnavailableException e) {
                // As documented above.
            }
            return;
        }
        long expires = System.nanoTime() + KEPT.toNanos();
        notes.merge(accountId, new Note(lsn, expires), (old, fresh) -> new Note(Lsn.max(old.lsn(), fresh.lsn()), expires));
        if (notesSinceSweep.incrementAndGet() >= 1000) {
            notesSinceSweep.set(0);
            long now = System.nanoTime();
            notes.values().removeIf(note -> now - note.expiresNanos() > 0);
        }
    }

    private String key(long accountId) {
        return redis.key("write-lsn:" + accountId);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
