/**
 * Posts and comments (Mastodon statuses), likes, hashtags, mentions and reports, and the
 * {@code Status} entity every timeline renders.
 */
package com.graminsta.posts;
