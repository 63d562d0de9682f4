package com.graminsta.auth;

import java.util.List;
import java.util.Set;

/** A registered client application. */
record OAuthApp(long id, String name, String website, List<String> redirectUris, Set<String> scopes,
                String clientId, byte[] clientSecretHash) {

    static final String OUT_OF_BAND = "urn:ietf:wg:oauth:2.0:oob";

    boolean allowsRedirect(String redirectUri) {
        return redirectUri != null && redirectUris.contains(redirectUri);
    }
}
