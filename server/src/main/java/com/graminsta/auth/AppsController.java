package com.graminsta.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.graminsta.platform.security.Caller;
import com.graminsta.platform.security.Scopes;
import com.graminsta.platform.web.ApiException;
import com.graminsta.platform.web.Params;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** POST /api/v1/apps: any client may register itself. */
@RestController
@RequestMapping(path = "/api/v1/apps", produces = MediaType.APPLICATION_JSON_VALUE)
class AppsController {

    static final int NAME_MAX = 60;
    static final int WEBSITE_MAX = 2000;
    static final int REDIRECT_URI_MAX = 2000;
    static final int REDIRECT_URIS_MAX = 10;

    private final OAuthApps apps;

    AppsController(OAuthApps apps) {
        this.apps = apps;
    }

    record CreateApp(String clientName, JsonNode redirectUris, String scopes, String website) {
    }

    record AppJson(String id, String name, String website, List<String> scopes, String redirectUri,
                   List<String> redirectUris, String clientId, String clientSecret, long clientSecretExpiresAt,
                   String vapidKey) {
    }

    @PostMapping
    AppJson create(@Params CreateApp request) {
        String name = required(request.clientName(), "client_name");
        if (name.length() > NAME_MAX) {
            throw ApiException.unprocessable("Validation failed: Name is too long (maximum is " + NAME_MAX + " characters)");
        }
        String website = request.website() == null || request.website().isBlank() ? null : request.website().strip();
        if (website != null && (website.length() > WEBSITE_MAX || !isAbsolute(website))) {
            throw ApiException.unprocessable("Validation failed: Website is invalid");
        }
        List<String> redirectUris = redirectUris(request.redirectUris());
        Set<String> scopes = Scopes.parse(request.scopes());
        for (String scope : scopes) {
            if (!Scopes.isKnown(scope)) {
                throw ApiException.unprocessable("Validation failed: Scopes includes the unknown scope " + scope);
            }
        }
        OAuthApps.Created created = apps.create(name, website, redirectUris, Scopes.format(scopes));
        return json(created.app(), created.clientSecret());
    }

    @GetMapping("/verify_credentials")
    @PreAuthorize("isAuthenticated()")
    AppJson verifyCredentials(@AuthenticationPrincipal Caller caller) {
        OAuthApp app = apps.findById(caller.appId()).orElseThrow(ApiException::notFound);
        return json(app, null);
    }

    private static AppJson json(OAuthApp app, String clientSecret) {
        return new AppJson(Long.toString(app.id()), app.name(), app.website(), List.copyOf(app.scopes()),
                String.join("\n", app.redirectUris()), app.redirectUris(), clientSecret == null ? null : app.clientId(),
                clientSecret, 0, "");
    }

    /** One URI, several separated by newlines or spaces, or an array of them. */
    private static List<String> redirectUris(JsonNode value) {
        List<String> uris = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(uri -> uris.add(uri.asString().strip()));
        } else if (value != null && !value.isNull()) {
            for (String uri : value.asString().strip().split("\\s+")) {
                if (!uri.isEmpty()) {
                    uris.add(uri);
                }
            }
        }
        if (uris.isEmpty()) {
            throw ApiException.unprocessable("Validation failed: Redirect URI can't be blank");
        }
        if (uris.size() > REDIRECT_URIS_MAX) {
            throw ApiException.unprocessable("Validation failed: At most " + REDIRECT_URIS_MAX + " redirect URIs");
        }
        for (String uri : uris) {
            if (uri.length() > REDIRECT_URI_MAX || !(uri.equals(OAuthApp.OUT_OF_BAND) || isAbsolute(uri))) {
                throw ApiException.unprocessable("Validation failed: Redirect URI must be an absolute URI");
            }
        }
        return uris;
    }

    private static boolean isAbsolute(String uri) {
        try {
            URI parsed = new URI(uri);
            return parsed.isAbsolute() && parsed.getFragment() == null
                    && !parsed.getScheme().equalsIgnoreCase("javascript") && !parsed.getScheme().equalsIgnoreCase("data");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw ApiException.unprocessable("Validation failed: " + name + " can't be blank");
        }
        return value.strip();
    }
}
