package com.graminsta.streaming;

import java.util.Set;

import com.graminsta.platform.security.Caller;
import com.graminsta.platform.security.Scopes;

/** Who holds a connection open: an account, through one access token, with that token's scopes. */
record Viewer(long accountId, long tokenId, Set<String> scopes) {

    /** Mastodon streams for users only: an app's own token is not enough. */
    static Viewer of(Caller caller) {
        if (caller == null || caller.accountId() == null) {
            throw StreamError.unauthorized("Invalid access token");
        }
        // An immutable copy: a few hundred bytes held per open socket, not a linked hash set's few kilobytes.
        return new Viewer(caller.accountId(), caller.tokenId(), Set.copyOf(Scopes.expand(caller.scopes())));
    }

    boolean may(String scope) {
        return scopes.contains(scope);
    }
}
