package com.graminsta.posts;

/** The Mastodon {@code StatusSource} entity: what the author typed, for editing. */
record StatusSourceJson(String id, String text, String spoilerText) {
}
