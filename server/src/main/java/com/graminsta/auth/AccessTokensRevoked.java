package com.graminsta.auth;

import java.util.List;

/** These access tokens no longer authenticate anything: revoked, or ended by a password change. */
public record AccessTokensRevoked(List<Long> tokenIds) {

    public AccessTokensRevoked {
        tokenIds = List.copyOf(tokenIds);
    }
}
