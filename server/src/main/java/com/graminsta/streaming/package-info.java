/**
 * Realtime: the Mastodon streaming API, over WebSocket at {@code /api/v1/streaming} and as
 * server-sent events under it. What happened elsewhere (a post, a like, a notification) goes, after
 * its transaction commits, to named channels through a {@link com.graminsta.streaming.StreamTransport};
 * each connection's listeners decide per viewer, with the REST API's own timeline queries, whether
 * and how to show it.
 */
package com.graminsta.streaming;
