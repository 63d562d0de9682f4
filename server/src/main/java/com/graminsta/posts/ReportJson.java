package com.graminsta.posts;

import java.time.Instant;
import java.util.List;

import com.graminsta.accounts.AccountJson;

/**
 * The Mastodon {@code Report} entity, as its author sees it. Every account is local, so nothing
 * is ever forwarded.
 */
record ReportJson(String id, boolean actionTaken, Instant actionTakenAt, String category, String comment,
                  boolean forwarded, Instant createdAt, List<String> statusIds, List<String> ruleIds,
                  AccountJson targetAccount) {
}
