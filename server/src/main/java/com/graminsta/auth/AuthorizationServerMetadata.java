package com.graminsta.auth;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.graminsta.platform.GraminstaSettings;
import com.graminsta.platform.security.Scopes;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OAuth 2.0 Authorization Server Metadata (RFC 8414), as Mastodon 4.3 serves it: clients read it
 * to find the endpoints and to learn that PKCE with S256 is supported, and then use it instead of
 * a client secret in the browser. Built once: nothing in it changes while the server runs.
 */
@RestController
class AuthorizationServerMetadata {

    private final Map<String, Object> document;

    AuthorizationServerMetadata(GraminstaSettings settings) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        // The issuer is the server's root URL with its slash, as Mastodon's: RFC 8414 clients
        // compare it with the URL they started discovery from.
        metadata.put("issuer", settings.url("/"));
        metadata.put("service_documentation", "https://docs.joinmastodon.org/");
        metadata.put("authorization_endpoint", settings.url("/oauth/authorize"));
        metadata.put("token_endpoint", settings.url("/oauth/token"));
        metadata.put("revocation_endpoint", settings.url("/oauth/revoke"));
        metadata.put("app_registration_endpoint", settings.url("/api/v1/apps"));
        metadata.put("scopes_supported", Scopes.all());
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("response_modes_supported", List.of("query"));
        metadata.put("grant_types_supported", List.of("authorization_code", "password", "client_credentials"));
        metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        metadata.put("code_challenge_methods_supported", List.of("S256"));
        this.document = Collections.unmodifiableMap(metadata);
    }

    @GetMapping(path = "/.well-known/oauth-authorization-server", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> metadata() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic()).body(document);
    }
}
