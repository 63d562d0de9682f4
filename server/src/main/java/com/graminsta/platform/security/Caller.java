package com.graminsta.platform.security;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import com.graminsta.platform.web.ApiException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * Who is calling: the account an access token acts for (none for an app's own token), and what
 * the token may do. Controllers take it as {@code @AuthenticationPrincipal Caller caller}; it is
 * null for anonymous requests.
 */
public record Caller(Long accountId, long tokenId, long appId, Set<String> scopes,
                     Collection<? extends GrantedAuthority> authorities) implements OAuth2AuthenticatedPrincipal {

    /** The account, for endpoints that act for a user; an app-only token gets Mastodon's 422. */
    public long account() {
        if (accountId == null) {
            throw ApiException.userRequired();
        }
        return accountId;
    }

    /** The viewing account, if any, for endpoints anyone may read. */
    public static Long viewer(Caller caller) {
        return caller == null ? null : caller.accountId();
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return authorities;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return Map.of();
    }

    @Override
    public String getName() {
        return accountId == null ? "app:" + appId : Long.toString(accountId);
    }
}
