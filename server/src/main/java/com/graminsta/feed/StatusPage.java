package com.graminsta.feed;

import java.util.List;

import com.graminsta.platform.web.Paging;
import com.graminsta.posts.StatusJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * A page of a timeline: the ids it was read as, which the {@code Link} header pages on from, and
 * the statuses rendered for the viewer.
 */
record StatusPage(List<Long> ids, List<StatusJson> statuses) {

    static StatusPage empty() {
        return new StatusPage(List.of(), List.of());
    }

    ResponseEntity<List<StatusJson>> response() {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        String link = Paging.linkHeader(ids, Long::longValue);
        if (link != null) {
            response.header(HttpHeaders.LINK, link);
        }
        return response.body(statuses);
    }
}
