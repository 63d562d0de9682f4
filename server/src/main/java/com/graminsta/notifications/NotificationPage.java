package com.graminsta.notifications;

import java.util.List;

import com.graminsta.platform.web.Paging;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * A page of notifications, with the ids it was read as: a notification whose account or status
 * just went is not shown, but the {@code Link} header still pages on from where the read ended.
 */
record NotificationPage(List<Long> ids, List<NotificationJson> notifications) {

    ResponseEntity<List<NotificationJson>> response() {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        String link = Paging.linkHeader(ids, Long::longValue);
        if (link != null) {
            response.header(HttpHeaders.LINK, link);
        }
        return response.body(notifications);
    }
}
