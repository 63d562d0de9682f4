package com.graminsta.notifications;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.graminsta.accounts.Account;
import com.graminsta.accounts.AccountViews;
import com.graminsta.accounts.Accounts;
import com.graminsta.platform.web.ApiException;
import com.graminsta.platform.web.Paging;
import com.graminsta.posts.StatusJson;
import com.graminsta.posts.StatusViews;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading and dismissing one's notifications; another account's are a 404, as unknown ones are. */
@Service
class NotificationService {

    private final Notifications notifications;
    private final Accounts accounts;
    private final AccountViews accountViews;
    private final StatusViews statusViews;

    NotificationService(Notifications notifications, Accounts accounts, AccountViews accountViews,
                        StatusViews statusViews) {
        this.notifications = notifications;
        this.accounts = accounts;
        this.accountViews = accountViews;
        this.statusViews = statusViews;
    }

    @Transactional(readOnly = true)
    NotificationPage page(long recipientId, NotificationFilter filter, Paging paging) {
        List<Notification> page = notifications.page(recipientId, filter, paging);
        return new NotificationPage(page.stream().map(Notification::id).toList(), render(page, recipientId));
    }

    @Transactional(readOnly = true)
    NotificationJson get(long recipientId, long id) {
        return find(recipientId, id).orElseThrow(ApiException::notFound);
    }

    /** The notification as {@link #get} answers it, if it is still shown to its recipient. */
    @Transactional(readOnly = true)
    Optional<NotificationJson> find(long recipientId, long id) {
        return notifications.find(recipientId, id)
                .map(notification -> render(List.of(notification), recipientId))
                .filter(rendered -> !rendered.isEmpty())
                .map(List::getFirst);
    }

    @Transactional
    void dismiss(long recipientId, long id) {
        if (!notifications.dismiss(recipientId, id)) {
            throw ApiException.notFound();
        }
    }

    @Transactional
    void clear(long recipientId) {
        notifications.clear(recipientId);
    }

    /** Renders a page with one query per kind of thing in it, not one per notification. */
    private List<NotificationJson> render(List<Notification> page, long recipientId) {
        Map<Long, Account> senders = accounts.findAllById(page.stream().map(Notification::fromAccountId).distinct().toList());
        List<Long> statusIds = page.stream().map(Notification::statusId).filter(Objects::nonNull).distinct().toList();
        Map<String, StatusJson> statuses = statusViews.render(statusIds, recipientId).stream()
                .collect(Collectors.toMap(StatusJson::id, Function.identity()));
        List<NotificationJson> rendered = new ArrayList<>();
        for (Notification notification : page) {
            Account sender = senders.get(notification.fromAccountId());
            StatusJson status = notification.statusId() == null ? null : statuses.get(notification.statusId().toString());
            // Gone since the page was read: the cascade is deleting this notification too.
            boolean incomplete = sender == null || (notification.statusId() != null && status == null);
            if (!incomplete) {
                rendered.add(NotificationJson.of(notification, accountViews.render(sender), status));
            }
        }
        return rendered;
    }
}
