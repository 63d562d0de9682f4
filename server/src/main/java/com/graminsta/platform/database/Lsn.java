package com.graminsta.platform.database;

/**
 * A position in PostgreSQL's write-ahead log, as {@code pg_current_wal_insert_lsn()} and
 * {@code pg_last_wal_replay_lsn()} print it ({@code 16/B374D848}: the high and low 32 bits in hex).
 * A replica whose replay position has reached a commit's position shows what that commit wrote.
 */
record Lsn(long value) implements Comparable<Lsn> {

    /** Before any position: every replica has reached it. */
    static final Lsn ZERO = new Lsn(0);

    static Lsn parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("Not an LSN: " + text);
        }
        return new Lsn(Long.parseUnsignedLong(text.substring(0, slash), 16) << 32
                | Long.parseUnsignedLong(text.substring(slash + 1), 16));
    }

    boolean reached(Lsn other) {
        return compareTo(other) >= 0;
    }

    static Lsn max(Lsn a, Lsn b) {
        return a.reached(b) ? a : b;
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
