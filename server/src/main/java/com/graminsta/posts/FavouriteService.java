package com.graminsta.posts;

import java.util.List;

import com.graminsta.accounts.AccountJson;
import com.graminsta.accounts.AccountViews;
import com.graminsta.accounts.Accounts;
import com.graminsta.platform.web.ApiException;
import com.graminsta.posts.MarkedStatuses.Mark;
import com.graminsta.platform.web.Paging;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Liking and unliking statuses, and the lists of likes. Only a status one may see can be liked. */
@Service
class FavouriteService {

    private final Statuses statuses;
    private final Favourites favourites;
    private final StatusViews views;
    private final Accounts accounts;
    private final AccountViews accountViews;
    private final MarkedStatuses marked;
    private final ApplicationEventPublisher events;

    FavouriteService(Statuses statuses, Favourites favourites, MarkedStatuses marked, StatusViews views, Accounts accounts,
                     AccountViews accountViews, ApplicationEventPublisher events) {
        this.statuses = statuses;
        this.favourites = favourites;
        this.marked = marked;
        this.views = views;
        this.accounts = accounts;
        this.accountViews = accountViews;
        this.events = events;
    }

    /** Likes the status; liking again changes nothing and tells no one. */
    @Transactional
    StatusJson favourite(long accountId, long statusId) {
        StatusRow status = statuses.lockVisible(statusId, accountId).orElseThrow(ApiException::notFound);
        if (favourites.add(accountId, statusId)) {
            events.publishEvent(new StatusFavourited(statusId, accountId, status.accountId()));
        }
        return views.render(List.of(statusId), accountId).getFirst();
    }

    @Transactional
    StatusJson unfavourite(long accountId, long statusId) {
        StatusRow status = statuses.lockVisible(statusId, accountId).orElseThrow(ApiException::notFound);
        if (favourites.remove(accountId, statusId)) {
            events.publishEvent(new StatusUnfavourited(statusId, accountId, status.accountId()));
        }
        return views.render(List.of(statusId), accountId).getFirst();
    }

    @Transactional(readOnly = true)
    Page<AccountJson> likers(long statusId, Long viewerId, Paging paging) {
        statuses.findVisible(statusId, viewerId).orElseThrow(ApiException::notFound);
        List<PageEntry> entries = favourites.likers(statusId, viewerId, paging);
        List<AccountJson> likers = accountViews.renderAll(accounts.findAllById(entries.stream().map(PageEntry::id).toList())
                .values());
        return new Page<>(entries, likers);
    }

    @Transactional(readOnly = true)
    Page<StatusJson> liked(long accountId, Paging paging) {
        List<PageEntry> entries = marked.markedBy(Mark.FAVOURITES, accountId, paging);
        return new Page<>(entries, views.render(entries.stream().map(PageEntry::id).toList(), accountId));
    }
}
