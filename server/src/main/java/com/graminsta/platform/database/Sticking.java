package com.graminsta.platform.database;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-your-writes, as GitLab keeps it: after an account's write commits, the primary's log
 * position is noted for that account for {@link #KEPT} seconds, and its reads stay on the primary
 * until a replica has replayed that far. Longer than a replica in the rotation may lag
 * ({@code graminsta.database.replica-max-lag}), so when the note expires every replica in the
 * rotation has the write.
 *
 * <p>Kept in this process's memory: right for one instance. (With several instances the note
 * must be where all of them read it: Redis, from stage 6.)
 */
class Sticking {

    static final Duration KEPT = Duration.ofSeconds(30);

    private record Note(Lsn lsn, long expiresNanos) {
    }

    private final Map<Long, Note> notes = new ConcurrentHashMap<>();

    /**
     * The position an account's reads must see: {@link Lsn#ZERO} when it wrote nothing lately,
     * null when that cannot be told (then reads go to the primary).
     */
    Lsn lastWrite(long accountId) {
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

    void wrote(long accountId, Lsn lsn) {
        long expires = System.nanoTime() + KEPT.toNanos();
        // Two writes of one account may finish in either order: keep the later position.
        notes.merge(accountId, new Note(lsn, expires), (old, fresh) -> new Note(Lsn.max(old.lsn(), fresh.lsn()), expires));
        if (notes.size() > 10_000) {
            long now = System.nanoTime();
            notes.values().removeIf(note -> now - note.expiresNanos() > 0);
        }
    }
}
