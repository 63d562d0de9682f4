package com.graminsta.posts;

import com.graminsta.social.MuteSql;

/**
 * The one rule for who may see a status, as SQL, so timelines, lookups and search all agree:
 * public and unlisted posts are for everyone, private posts for their author and approved
 * followers; nothing crosses a block in either direction. Authors always see their own statuses.
 *
 * <p>Comments are visible where their post is: a comment carries its post's visibility and its
 * post's author ({@code post_account_id}), and it is the post author's followers who may see a
 * comment under a private post, whoever wrote the comment. A block between the viewer and either
 * the commenter or the post's author hides the comment.
 *
 * <p>Bind {@code :viewerId} (null for anonymous viewers).
 */
public final class StatusVisibilitySql {

    private StatusVisibilitySql() {
    }

    /** The viewer of the two conditions below: the bound {@code :viewerId}. */
    private static final String VIEWER = "CAST(:viewerId AS bigint)";

    /** A condition on the status aliased {@code s}, its author's visibility rules included. */
    public static String visibleTo(String s) {
        return visibleTo(s, VIEWER);
    }

    /**
     * The same condition for the viewer given as a SQL expression of type bigint, so that one query
     * can ask it for many viewers at once (the streaming API's public channels).
     */
    public static String visibleTo(String s, String viewer) {
        return """
                (%1$s.account_id = %2$s
                 OR ((%1$s.post_account_id = %2$s
                      OR %1$s.visibility IN ('public', 'unlisted')
                      OR (%1$s.visibility = 'private' AND EXISTS (SELECT 1 FROM follows vf
                            WHERE vf.account_id = %2$s AND vf.target_account_id = %1$s.post_account_id)))
                     AND NOT EXISTS (SELECT 1 FROM blocks vb
                            WHERE (vb.account_id = %1$s.account_id AND vb.target_account_id = %2$s)
                               OR (vb.account_id = %2$s AND vb.target_account_id = %1$s.account_id))
                     AND (%1$s.post_account_id = %1$s.account_id OR NOT EXISTS (SELECT 1 FROM blocks vpb
                            WHERE (vpb.account_id = %1$s.post_account_id AND vpb.target_account_id = %2$s)
                               OR (vpb.account_id = %2$s AND vpb.target_account_id = %1$s.post_account_id)))))"""
                .formatted(s, viewer);
    }

    /** For lists a viewer reads (timelines, threads): also hides accounts the viewer mutes, while the mute lasts. */
    public static String notMutedBy(String s) {
        return notMutedBy(s, VIEWER);
    }

    /** The same condition for the viewer given as a SQL expression of type bigint. */
    public static String notMutedBy(String s, String viewer) {
        return """
                NOT EXISTS (SELECT 1 FROM mutes vm
                            WHERE vm.account_id = %3$s AND vm.target_account_id = %1$s.account_id
                              AND %2$s)"""
                .formatted(s, MuteSql.inForce("vm"), viewer);
    }
}
