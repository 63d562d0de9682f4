package com.graminsta.platform.database;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where the primary's write-ahead log stood at each health check, kept for a while: a replica's
 * lag is how long ago the primary was where the replica is now. Unlike the time since the replica
 * last replayed a commit, this is zero on an idle database and exact under
 * {@code recovery_min_apply_delay}; it is as fine as the checks are frequent.
 */
final class PrimaryPositions {

    private record Sample(long nanos, Lsn lsn) {
    }

    private final long keptNanos;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /** {@code kept}: how far back to remember; a replica further behind is at least that late. */
    PrimaryPositions(Duration kept) {
        this.keptNanos = kept.toNanos();
    }

    synchronized void record(long nanos, Lsn lsn) {
        samples.addFirst(new Sample(nanos, lsn));
        while (samples.size() > 1 && nanos - samples.getLast().nanos() > keptNanos) {
            samples.removeLast();
        }
    }

    /** How far behind a replica that has replayed up to {@code replayed} is, at {@code nanos}. */
    synchronized Duration lag(Lsn replayed, long nanos) {
        Sample oldest = null;
        for (Sample sample : samples) { // newest first
            if (replayed.reached(sample.lsn())) {
                return sample == samples.getFirst() ? Duration.ZERO : Duration.ofNanos(nanos - sample.nanos());
            }
            oldest = sample;
        }
        // Behind everything remembered (or nothing yet): at least as late as the oldest sample.
        return oldest == null ? Duration.ZERO : Duration.ofNanos(nanos - oldest.nanos());
    }
}
