package com.graminsta.auth;

import java.util.List;
import java.util.Set;

import com.graminsta.platform.security.Caller;
import com.graminsta.platform.security.Scopes;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

/**
 * Turns a bearer token into a {@link Caller}. Tokens are opaque and looked up by hash on every
 * request ({@link AccessTokens}, whose cache every revocation evicts), so revoking one takes effect
 * at once on every instance.
 */
@Component
class AccessTokenIntrospector implements OpaqueTokenIntrospector {

    private final AccessTokens tokens;

    AccessTokenIntrospector(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        AccessTokens.Active active = tokens.findActive(token)
                .orElseThrow(() -> new BadOpaqueTokenException("The access token is invalid"));
        return new Caller(active.accountId(), active.id(), active.appId(), active.scopes(), authorities(active.scopes()));
    }

    static List<GrantedAuthority> authorities(Set<String> scopes) {
        return Scopes.expand(scopes).stream()
                .map(scope -> (GrantedAuthority) new SimpleGrantedAuthority("SCOPE_" + scope))
                .toList();
    }
}
