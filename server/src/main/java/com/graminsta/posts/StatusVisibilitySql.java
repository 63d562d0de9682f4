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

    /** A condition on the status aliased {@code s}, its author's visibility rules included. */
    public static String visibleTo(String s) {
        return """
                (%1$s.account_id = CAST(:viewerId AS bigint)
                 OR ((%1$s.post_account_id = CAST(:viewerId AS bigint)
                      OR %1$s.visibility IN ('public', 'unlisted')
                      OR (%1$s.visibility = 'private' AND EXISTS (SELECT 1 FROM follows vf
                            WHERE vf.account_id = CAST(:viewerId AS bigint) AND vf.target_account_id = %1$s.post_account_id)))
                     AND NOT EXISTS (SELECT 1 FROM blocks vb
                            WHERE (vb.account_id = %1$s.account_id AND vb.target_account_id = CAST(:viewerId AS bigint))
                               OR (vb.account_id = CAST(:viewerId AS bigint) AND vb.target_account_id = %1$s.account_id))
                     AND (%1$s.post_account_id = %1$s.account_id OR NOT EXISTS (SELECT 1 FROM blocks vpb
                            WHERE (vpb.account_id = %1$s.post_account_id AND vpb.target_account_id = CAST(:viewerId AS bigint))
                               OR (vpb.account_id = CAST(:viewerId AS bigint) AND vpb.target_account_id = %1$s.post_account_id)))))"""
                .formatted(s);
    }

    /** For lists a viewer reads (timelines, threads): also hides accounts the viewer mutes, while the mute lasts. */
    public static String notMutedBy(String s) {
        return """
                NOT EXISTS (SELECT 1 FROM mutes vm
                            WHERE vm.account_id = CAST(:viewerId AS bigint) AND vm.target_account_id = %1$s.account_id
                              AND %2$s)"""
                .formatted(s, MuteSql.inForce("vm"));
    }
}
