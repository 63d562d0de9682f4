/**
 * Search: accounts by name, hashtags by prefix, and the posts under a hashtag, as Mastodon's
 * {@code /api/v2/search} answers them; and the {@code Tag} entity.
 */
package com.graminsta.search;
