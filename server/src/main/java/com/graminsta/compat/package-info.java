/**
 * Compatibility with Mastodon clients: the empty answers, in Mastodon's shapes, for features
 * Graminsta does not have but clients ask about at launch (custom emojis, filters, lists, trends,
 * ...), so that they show an empty screen instead of failing. docs/mastodon-compatibility.md lists
 * every endpoint clients call and what Graminsta answers.
 */
package com.graminsta.compat;
