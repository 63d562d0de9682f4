package com.graminsta.posts;

import java.util.List;

/** The Mastodon {@code Context} entity: the thread around a status. */
record ContextJson(List<StatusJson> ancestors, List<StatusJson> descendants) {
}
