package com.graminsta.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import com.graminsta.platform.security.Scopes;
import com.graminsta.platform.web.Params;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OAuth token endpoint as Mastodon offers it: authorization_code (with PKCE),
 * client_credentials and password grants, and revocation.
 */
@RestController
class TokenController {

    private final OAuthApps apps;
    private final AccessTokens tokens;
    private final AuthorizationCodes codes;
    private final SignIn signIn;
    private final TransactionTemplate transactions;

    TokenController(OAuthApps apps, AccessTokens tokens, AuthorizationCodes codes, SignIn signIn,
                    TransactionTemplate transactions) {
        this.apps = apps;
        this.tokens = tokens;
        this.codes = codes;
        this.signIn = signIn;
        this.transactions = transactions;
    }

    record TokenRequest(String grantType, String clientId, String clientSecret, String code, String redirectUri,
                        String codeVerifier, String scope, String username, String password) {
    }

    record TokenJson(String accessToken, String tokenType, String scope, long createdAt) {

        static TokenJson of(AccessTokens.Issued issued) {
            return new TokenJson(issued.token(), "Bearer", Scopes.format(issued.scopes()), issued.createdAt().getEpochSecond());
        }
    }

    @PostMapping(path = "/oauth/token", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenJson> token(@Params TokenRequest request, HttpServletRequest http) {
        ClientCredentials client = ClientCredentials.from(request.clientId(), request.clientSecret(), http);
        String grantType = request.grantType() == null ? "" : request.grantType();
        AccessTokens.Issued issued = switch (grantType) {
            case "authorization_code" -> authorizationCode(request, client);
            case "client_credentials" -> clientCredentials(request, client);
            case "password" -> password(request, client, http.getRemoteAddr());
            case "" -> throw OAuthError.invalidRequest("The grant_type parameter is missing.");
            default -> throw OAuthError.unsupportedGrantType();
        };
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(TokenJson.of(issued));
    }

    record RevokeRequest(String clientId, String clientSecret, String token) {
    }

    @PostMapping(path = "/oauth/revoke", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> revoke(@Params RevokeRequest request, HttpServletRequest http) {
        ClientCredentials client = ClientCredentials.from(request.clientId(), request.clientSecret(), http);
        OAuthApp app = apps.authenticate(client.id(), client.secret()).orElseThrow(OAuthError::invalidClient);
        tokens.revoke(request.token(), app.id());
        return Map.of();
    }

    private AccessTokens.Issued authorizationCode(TokenRequest request, ClientCredentials client) {
        OAuthApp app = apps.findByClientId(client.id()).orElseThrow(OAuthError::invalidClient);
        boolean secretPresented = client.secret() != null && !client.secret().isEmpty();
        if (secretPresented && !Secrets.matches(client.secret(), app.clientSecretHash())) {
            throw OAuthError.invalidClient();
        }
        // One transaction commits the code's use, and its token if the checks pass; a failed check
        // still uses the code up, so it is answered after the commit rather than thrown inside.
        Redemption redemption = transactions.execute(status -> {
            AuthorizationCodes.Grant grant = codes.redeem(request.code()).orElse(null);
            if (grant == null) {
                codes.revokeTokenOfUsedCode(request.code());
                return Redemption.failed(OAuthError.invalidGrant("The authorization code is invalid, expired or already used."));
            }
            if (grant.appId() != app.id()) {
                return Redemption.failed(OAuthError.invalidGrant("The authorization code is invalid, expired or already used."));
            }
            if (!grant.redirectUri().equals(request.redirectUri())) {
                return Redemption.failed(OAuthError.invalidGrant("The redirect_uri does not match the one the code was issued for."));
            }
            if (grant.codeChallenge() != null) {
                if (!verifierMatches(request.codeVerifier(), grant.codeChallenge())) {
                    return Redemption.failed(OAuthError.invalidGrant("The code_verifier does not match the code_challenge."));
                }
            } else if (!secretPresented) {
                // Without PKCE the secret is the only proof that the code reached its own app.
                return Redemption.failed(OAuthError.invalidClient());
            }
            AccessTokens.Issued issued = tokens.issue(app.id(), grant.accountId(), grant.scopes());
            codes.recordToken(request.code(), issued.id());
            return new Redemption(issued, null);
        });
        if (redemption.error() != null) {
            throw redemption.error();
        }
        return redemption.issued();
    }

    private record Redemption(AccessTokens.Issued issued, OAuthError error) {

        static Redemption failed(OAuthError error) {
            return new Redemption(null, error);
        }
    }

    private AccessTokens.Issued clientCredentials(TokenRequest request, ClientCredentials client) {
        OAuthApp app = apps.authenticate(client.id(), client.secret()).orElseThrow(OAuthError::invalidClient);
        return tokens.issue(app.id(), null, requestedScopes(request.scope(), app));
    }

    private AccessTokens.Issued password(TokenRequest request, ClientCredentials client, String address) {
        OAuthApp app = apps.authenticate(client.id(), client.secret()).orElseThrow(OAuthError::invalidClient);
        Set<String> scopes = requestedScopes(request.scope(), app);
        long accountId = signIn.attempt(request.username(), request.password(), address)
                .orElseThrow(() -> OAuthError.invalidGrant("The username or password is incorrect."));
        return tokens.issue(app.id(), accountId, scopes);
    }

    /** The scopes asked for, which must lie within the app's; none asked means all of the app's. */
    static Set<String> requestedScopes(String scope, OAuthApp app) {
        if (scope == null || scope.isBlank()) {
            return app.scopes();
        }
        Set<String> requested = Scopes.parse(scope);
        if (!requested.stream().allMatch(Scopes::isKnown) || !Scopes.within(requested, app.scopes())) {
            throw OAuthError.invalidScope();
        }
        return requested;
    }

    /** RFC 7636, S256 only: the plain method would let an eavesdropper redeem the code. */
    static boolean verifierMatches(String verifier, String challenge) {
        if (verifier == null || verifier.length() < 43 || verifier.length() > 128) {
            return false;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> oauthError(OAuthError error) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error.code());
        body.put("error_description", error.getMessage());
        return ResponseEntity.status(error.status()).header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }

    /** Client id and secret, from the body or from HTTP Basic authentication. */
    record ClientCredentials(String id, String secret) {

        static ClientCredentials from(String id, String secret, HttpServletRequest request) {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
                try {
                    String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                    int colon = decoded.indexOf(':');
                    if (colon > 0) {
                        return new ClientCredentials(
                                java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                                java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
                    }
                } catch (IllegalArgumentException e) {
                    throw OAuthError.invalidClient();
                }
            }
            return new ClientCredentials(id, secret);
        }
    }
}
