package com.graminsta.posts;

import java.util.List;

import com.graminsta.platform.web.Paging;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * A page of a list, with the entries it was read from: their cursors, not the listed ids, are
 * what the {@code Link} header pages on.
 */
record Page<T>(List<PageEntry> entries, List<T> items) {

    ResponseEntity<List<T>> response() {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        String link = Paging.linkHeader(entries, PageEntry::cursor);
        if (link != null) {
            response.header(HttpHeaders.LINK, link);
        }
        return response.body(items);
    }
}
