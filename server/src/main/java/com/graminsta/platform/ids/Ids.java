package com.graminsta.platform.ids;

import java.time.Instant;

import com.graminsta.platform.web.ApiException;

/**
 * Reading Graminsta ids: 41 bits of milliseconds since {@link #EPOCH}, 13 bits of logical
 * shard, 10 bits of sequence. The database's {@code next_id(shard)} makes them.
 */
public final class Ids {

    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    public static final int SHARD_BITS = 13;
    public static final int SEQUENCE_BITS = 10;

    private Ids() {
    }

    /** An id from a path or parameter; anything that is not one names nothing, so 404. */
    public static long parse(String id) {
        if (id == null || id.isEmpty() || id.length() > 19) {
            throw ApiException.notFound();
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound();
        }
    }

    public static int shardOf(long id) {
        return (int) ((id >>> SEQUENCE_BITS) & ((1 << SHARD_BITS) - 1));
    }

    public static Instant createdAt(long id) {
        return EPOCH.plusMillis(id >>> (SHARD_BITS + SEQUENCE_BITS));
    }

    /** The smallest id that could have been made at {@code time}: a cursor for "since then". */
    public static long lowestAt(Instant time) {
        return (time.toEpochMilli() - EPOCH.toEpochMilli()) << (SHARD_BITS + SEQUENCE_BITS);
    }
}
