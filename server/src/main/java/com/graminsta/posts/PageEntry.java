package com.graminsta.posts;

/**
 * One entry of a paged list: what is listed (a status or an account), and the id of the row
 * that put it there, which is the cursor the {@code Link} header pages on.
 */
record PageEntry(long cursor, long id) {
}
