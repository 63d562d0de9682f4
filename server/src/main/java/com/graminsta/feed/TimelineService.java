package com.graminsta.feed;

import java.util.List;

import com.graminsta.accounts.AccountVisibility;
import com.graminsta.accounts.Accounts;
import com.graminsta.platform.web.ApiException;
import com.graminsta.platform.web.Paging;
import com.graminsta.posts.StatusViews;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads a page of a timeline and renders it, in one read-only transaction. */
@Service
class TimelineService {

    private final HomeTimeline home;
    private final Timelines timelines;
    private final StatusViews views;
    private final Accounts accounts;
    private final AccountVisibility accountVisibility;

    TimelineService(HomeTimeline home, Timelines timelines, StatusViews views, Accounts accounts,
                    AccountVisibility accountVisibility) {
        this.home = home;
        this.timelines = timelines;
        this.views = views;
        this.accounts = accounts;
        this.accountVisibility = accountVisibility;
    }

    @Transactional(readOnly = true)
    StatusPage home(long viewerId, Paging paging) {
        return render(home.page(viewerId, paging), viewerId);
    }

    @Transactional(readOnly = true)
    StatusPage publicPosts(Long viewerId, Paging paging, boolean onlyMedia) {
        return render(timelines.publicPosts(viewerId, paging, onlyMedia), viewerId);
    }

    @Transactional(readOnly = true)
    StatusPage tagged(String tag, Long viewerId, Paging paging, boolean onlyMedia) {
        return render(timelines.tagged(tag, viewerId, paging, onlyMedia), viewerId);
    }

    @Transactional(readOnly = true)
    StatusPage byAccount(long accountId, Long viewerId, Paging paging, boolean onlyMedia, boolean excludeReplies) {
        requireVisible(accountId, viewerId);
        return render(timelines.byAccount(accountId, viewerId, paging, onlyMedia, excludeReplies), viewerId);
    }

    /** Nothing can be pinned to a profile yet, so every account has no pinned statuses. */
    @Transactional(readOnly = true)
    StatusPage pinned(long accountId, Long viewerId) {
        requireVisible(accountId, viewerId);
        return StatusPage.empty();
    }

    /** An unknown account, and one that blocks the viewer, are both a 404. */
    private void requireVisible(long accountId, Long viewerId) {
        if (!accounts.exists(accountId) || accountVisibility.hiddenFrom(accountId, viewerId)) {
            throw ApiException.notFound();
        }
    }

    private StatusPage render(List<Long> ids, Long viewerId) {
        return new StatusPage(ids, views.render(ids, viewerId));
    }
}
