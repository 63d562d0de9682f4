package com.graminsta.accounts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The Mastodon {@code Account} entity, as every endpoint returns it. {@code source} is present
 * only for the account's owner (verify_credentials, update_credentials).
 */
public record AccountJson(
        String id,
        String username,
        String acct,
        String displayName,
        boolean locked,
        boolean bot,
        boolean discoverable,
        boolean indexable,
        boolean group,
        Instant createdAt,
        String note,
        String url,
        String uri,
        String avatar,
        String avatarStatic,
        String header,
        String headerStatic,
        int followersCount,
        int followingCount,
        int statusesCount,
        LocalDate lastStatusAt,
        boolean hideCollections,
        List<Object> emojis,
        List<Object> fields,
        @JsonInclude(JsonInclude.Include.NON_NULL) Source source) {

    /** Profile fields as the owner typed them, plus settings only the owner sees. */
    public record Source(String privacy, boolean sensitive, String language, String note,
                         List<Object> fields, int followRequestsCount) {
    }
}
