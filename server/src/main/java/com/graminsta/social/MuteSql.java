package com.graminsta.social;

/**
 * The one rule for whether a mute counts, as SQL, for every query that reads the {@code mutes}
 * table (timelines, threads, notifications, relationships, the list of mutes): a mute with a
 * duration stops counting the moment it ends, whether or not the hourly sweep has deleted it yet.
 */
public final class MuteSql {

    private MuteSql() {
    }

    /** A condition on the mute row aliased {@code m}: it has not ended. */
    public static String inForce(String m) {
        return "(%1$s.expires_at IS NULL OR %1$s.expires_at > now())".formatted(m);
    }
}
