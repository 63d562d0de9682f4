package com.graminsta.media;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What posts need of media: attaching uploads to a post, rendering them, and letting them go
 * when the post is deleted. Implemented inside the media module.
 */
public interface MediaAttachments {

    /** At most this many photos in one post. */
    int MAX_PER_STATUS = 10;

    /**
     * Attaches the account's own, not yet attached uploads to the status, in the given order, in
     * the caller's transaction. Unknown ids, someone else's media, media attached elsewhere and
     * more than {@link #MAX_PER_STATUS}: a 422, and nothing is attached.
     */
    void attach(long accountId, long statusId, List<Long> mediaIds);

    /** The attachments of each status, in posting order; statuses without media are absent. */
    Map<Long, List<MediaAttachmentJson>> forStatuses(Collection<Long> statusIds);

    /** Removes the status's attachments and schedules their stored files for deletion. */
    void deleteForStatus(long statusId);
}
