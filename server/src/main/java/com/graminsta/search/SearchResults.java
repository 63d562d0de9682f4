package com.graminsta.search;

import java.util.List;

import com.graminsta.accounts.AccountJson;
import com.graminsta.posts.StatusJson;

/** The Mastodon {@code Search} entity. */
record SearchResults(List<AccountJson> accounts, List<StatusJson> statuses, List<TagJson> hashtags) {
}
