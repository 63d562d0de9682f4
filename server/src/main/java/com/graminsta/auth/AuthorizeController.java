package com.graminsta.auth;

import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import com.graminsta.platform.GraminstaSettings;
import com.graminsta.platform.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * GET /oauth/authorize shows one server-rendered page that signs the person in and asks for
 * consent in a single step, so the server keeps no session between the two. POST answers with a
 * redirect carrying the code (or, for out-of-band apps, a page showing it).
 */
@RestController
class AuthorizeController {

    private static final String PAGE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private final OAuthApps apps;
    private final AuthorizationCodes codes;
    private final SignIn signIn;
    private final GraminstaSettings settings;

    AuthorizeController(OAuthApps apps, AuthorizationCodes codes, SignIn signIn, GraminstaSettings settings) {
        this.apps = apps;
        this.codes = codes;
        this.signIn = signIn;
        this.settings = settings;
    }

    /** What the client asked for; carried through the form as hidden fields. */
    record AuthorizationRequest(String responseType, String clientId, String redirectUri, String scope, String state,
                                String codeChallenge, String codeChallengeMethod) {
    }

    @GetMapping(path = "/oauth/authorize", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> show(@RequestParam(name = "response_type", required = false) String responseType,
                                @RequestParam(name = "client_id", required = false) String clientId,
                                @RequestParam(name = "redirect_uri", required = false) String redirectUri,
                                @RequestParam(required = false) String scope,
                                @RequestParam(required = false) String state,
                                @RequestParam(name = "code_challenge", required = false) String codeChallenge,
                                @RequestParam(name = "code_challenge_method", required = false) String codeChallengeMethod,
                                CsrfToken csrf) {
        AuthorizationRequest request = new AuthorizationRequest(responseType, clientId, redirectUri, scope, state,
                codeChallenge, codeChallengeMethod);
        Validated validated = validate(request);
        if (validated.problem() != null) {
            return page(HttpStatus.BAD_REQUEST, AuthorizePage.problem(settings.instanceTitle(), validated.problem()));
        }
        return page(HttpStatus.OK, AuthorizePage.form(settings.instanceTitle(), validated.app(), validated.scopes(),
                request, csrf, null));
    }

    @PostMapping(path = "/oauth/authorize", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> decide(@RequestParam(name = "response_type", required = false) String responseType,
                                  @RequestParam(name = "client_id", required = false) String clientId,
                                  @RequestParam(name = "redirect_uri", required = false) String redirectUri,
                                  @RequestParam(required = false) String scope,
                                  @RequestParam(required = false) String state,
                                  @RequestParam(name = "code_challenge", required = false) String codeChallenge,
                                  @RequestParam(name = "code_challenge_method", required = false) String codeChallengeMethod,
                                  @RequestParam(required = false) String login,
                                  @RequestParam(required = false) String password,
                                  @RequestParam(required = false) String decision,
                                  CsrfToken csrf, HttpServletRequest http) {
        AuthorizationRequest request = new AuthorizationRequest(responseType, clientId, redirectUri, scope, state,
                codeChallenge, codeChallengeMethod);
        Validated validated = validate(request);
        if (validated.problem() != null) {
            return page(HttpStatus.BAD_REQUEST, AuthorizePage.problem(settings.instanceTitle(), validated.problem()));
        }
        if ("deny".equals(decision)) {
            return redirect(request, "error", "access_denied");
        }
        Optional<Long> account;
        try {
            account = signIn.attempt(login, password, http.getRemoteAddr());
        } catch (ApiException tooMany) {
            return page(HttpStatus.TOO_MANY_REQUESTS, AuthorizePage.form(settings.instanceTitle(), validated.app(),
                    validated.scopes(), request, csrf, "Too many attempts. Wait a few minutes and try again."));
        }
        if (account.isEmpty()) {
            return page(HttpStatus.UNAUTHORIZED, AuthorizePage.form(settings.instanceTitle(), validated.app(),
                    validated.scopes(), request, csrf, "The username or password is incorrect."));
        }
        String code = codes.issue(new AuthorizationCodes.Grant(validated.app().id(), account.get(), redirectUri,
                validated.scopes(), codeChallenge, codeChallenge == null ? null : "S256"));
        if (OAuthApp.OUT_OF_BAND.equals(redirectUri)) {
            return page(HttpStatus.OK, AuthorizePage.outOfBand(settings.instanceTitle(), code));
        }
        return redirect(request, "code", code);
    }

    private record Validated(OAuthApp app, Set<String> scopes, String problem) {
    }

    /** Problems with the client or its redirect URI are shown here, never redirected to an unchecked URI. */
    private Validated validate(AuthorizationRequest request) {
        Optional<OAuthApp> app = apps.findByClientId(request.clientId());
        if (app.isEmpty()) {
            return new Validated(null, null, "This application is not known to " + settings.instanceTitle() + ".");
        }
        if (!app.get().allowsRedirect(request.redirectUri())) {
            return new Validated(null, null, "The redirect URI is not one this application registered.");
        }
        if (!"code".equals(request.responseType())) {
            return new Validated(null, null, "Only response_type=code is supported.");
        }
        if (request.codeChallenge() != null && !"S256".equals(request.codeChallengeMethod())) {
            return new Validated(null, null, "Only the S256 code challenge method is supported.");
        }
        if (request.codeChallenge() != null && !request.codeChallenge().matches("[A-Za-z0-9_-]{43}")) {
            return new Validated(null, null, "The code challenge is malformed.");
        }
        Set<String> scopes;
        try {
            scopes = TokenController.requestedScopes(request.scope(), app.get());
        } catch (OAuthError e) {
            return new Validated(null, null, "The application asked for scopes it did not register.");
        }
        return new Validated(app.get(), scopes, null);
    }

    private ResponseEntity<String> redirect(AuthorizationRequest request, String name, String value) {
        UriComponentsBuilder target = UriComponentsBuilder.fromUriString(request.redirectUri()).queryParam(name, value);
        if (request.state() != null) {
            target.queryParam("state", request.state());
        }
        return ResponseEntity.status(HttpStatus.FOUND)
                .header(HttpHeaders.LOCATION, target.encode().build().toUriString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    private static ResponseEntity<String> page(HttpStatus status, String html) {
        return ResponseEntity.status(status)
                .contentType(MediaType.TEXT_HTML)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", PAGE_POLICY)
                .body(html);
    }
}
