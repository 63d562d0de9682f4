package com.graminsta.social;

import java.util.List;

import com.graminsta.accounts.AccountJson;
import com.graminsta.platform.web.Paging;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * A page of a list of accounts, with the edges it was read from: their ids, not the accounts',
 * are the cursors the {@code Link} header points on with.
 */
record AccountPage(List<Listed> entries, List<AccountJson> accounts) {

    ResponseEntity<List<AccountJson>> response() {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        String link = Paging.linkHeader(entries, Listed::cursor);
        if (link != null) {
            response.header(HttpHeaders.LINK, link);
        }
        return response.body(accounts);
    }
}
