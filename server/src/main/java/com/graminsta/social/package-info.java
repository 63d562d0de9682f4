/**
 * The social graph: follows, follow requests to locked accounts, blocks and mutes, and the
 * Mastodon {@code Relationship} between two accounts.
 */
package com.graminsta.social;
