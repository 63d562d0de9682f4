package com.graminsta.search;

import java.util.List;

/** The Mastodon {@code Tag} entity. Usage history is not kept, so {@code history} is empty. */
record TagJson(String id, String name, String url, List<Object> history) {
}
