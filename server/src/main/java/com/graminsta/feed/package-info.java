/**
 * Timelines: the home feed of the accounts one follows, the local public timeline, hashtag
 * timelines and an account's own statuses, each a keyset-paged list of the statuses the viewer
 * may see, newest first.
 */
package com.graminsta.feed;
