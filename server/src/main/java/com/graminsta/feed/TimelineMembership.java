package com.graminsta.feed;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.graminsta.platform.web.Paging;
import com.graminsta.posts.StatusJson;
import com.graminsta.posts.StatusViews;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Whether one status is on a viewer's timeline, answered by the very queries that read the
 * timelines' pages, on a window holding only that status; and the status as that timeline would
 * render it for the viewer. The streaming API sends a status to a viewer only when this says so,
 * so a stream and a reload of the timeline never disagree.
 */
@Component
public class TimelineMembership {

    private final HomeTimeline home;
    private final Timelines timelines;
    private final StatusViews views;

    TimelineMembership(HomeTimeline home, Timelines timelines, StatusViews views) {
        this.home = home;
        this.timelines = timelines;
        this.views = views;
    }

    @Transactional(readOnly = true)
    public Optional<StatusJson> home(long statusId, long viewerId) {
        return home.contains(viewerId, statusId) ? render(statusId, viewerId) : Optional.empty();
    }

    /**
     * Those of {@code viewerIds} whose public timeline holds the status: that timeline's query,
     * asked for all of them at once.
     */
    @Transactional(readOnly = true)
    public Set<Long> publicPostsAmong(long statusId, Collection<Long> viewerIds, boolean onlyMedia) {
        return timelines.publicPostAudience(statusId, viewerIds, onlyMedia);
    }

    /** Those of {@code viewerIds} whose timeline of the hashtag holds the status, asked at once. */
    @Transactional(readOnly = true)
    public Set<Long> taggedAmong(long statusId, String tag, Collection<Long> viewerIds, boolean onlyMedia) {
        return timelines.taggedAudience(statusId, tag, viewerIds, onlyMedia);
    }

    /**
     * The status as anyone sees it, without a viewer's own marks ({@code favourited},
     * {@code bookmarked}), as Mastodon renders what it sends on its public timelines.
     */
    @Transactional(readOnly = true)
    public Optional<StatusJson> asAnyoneSeesIt(long statusId) {
        return render(statusId, null);
    }

    /** A page whose window holds the one id: above the id below it, below the id above it. */
    static Paging only(long statusId) {
        return new Paging(statusId + 1, statusId - 1, null, 1);
    }

    private Optional<StatusJson> render(long statusId, Long viewerId) {
        return views.render(List.of(statusId), viewerId).stream().findFirst();
    }
}
