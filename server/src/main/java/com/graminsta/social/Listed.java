package com.graminsta.social;

/** One entry of a list of accounts: the account, and the id of the edge that put it there, the page cursor. */
record Listed(long cursor, long accountId) {
}
