package com.graminsta.posts;

import java.util.List;

import com.graminsta.posts.MarkedStatuses.Mark;
import com.graminsta.platform.web.ApiException;
import com.graminsta.platform.web.Paging;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bookmarking. Only a status one may see can be bookmarked; the status is read under the same
 * lock a delete takes, so a bookmark never points at a status deleted meanwhile. Bookmarking
 * twice, or taking back a bookmark that is not there, changes nothing.
 */
@Service
class BookmarkService {

    private final Statuses statuses;
    private final Bookmarks bookmarks;
    private final MarkedStatuses marked;
    private final StatusViews views;

    BookmarkService(Statuses statuses, Bookmarks bookmarks, MarkedStatuses marked, StatusViews views) {
        this.statuses = statuses;
        this.bookmarks = bookmarks;
        this.marked = marked;
        this.views = views;
    }

    @Transactional
    StatusJson bookmark(long accountId, long statusId) {
        statuses.lockVisible(statusId, accountId).orElseThrow(ApiException::notFound);
        bookmarks.add(accountId, statusId);
        return views.render(List.of(statusId), accountId).getFirst();
    }

    @Transactional
    StatusJson unbookmark(long accountId, long statusId) {
        statuses.lockVisible(statusId, accountId).orElseThrow(ApiException::notFound);
        bookmarks.remove(accountId, statusId);
        return views.render(List.of(statusId), accountId).getFirst();
    }

    @Transactional(readOnly = true)
    Page<StatusJson> bookmarked(long accountId, Paging paging) {
        List<PageEntry> entries = marked.markedBy(Mark.BOOKMARKS, accountId, paging);
        return new Page<>(entries, views.render(entries.stream().map(PageEntry::id).toList(), accountId));
    }
}
