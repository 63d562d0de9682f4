package com.graminsta.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import com.graminsta.platform.GraminstaSettings;
import com.graminsta.platform.ratelimit.RateLimiter;
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

    private final OAuthApps apps;
    private final RedirectUris redirectUris;
    private final RateLimiter rateLimiter;
    private final AuthLimits limits;

    AppsController(OAuthApps apps, GraminstaSettings settings, CorsSettings cors, RateLimiter rateLimiter,
                   AuthLimits limits) {
        this.apps = apps;
        this.redirectUris = new RedirectUris(ownHosts(settings, cors));
        this.rateLimiter = rateLimiter;
        this.limits = limits;
    }

    /** The hosts this server's web app may be served from, which may receive codes over http too. */
    private static Set<String> ownHosts(GraminstaSettings settings, CorsSettings cors) {
        Set<String> hosts = new HashSet<>();
        List<String> origins = new ArrayList<>(cors.allowedOrigins());
        origins.add(settings.publicUrl().toString());
        for (String origin : origins) {
            try {
                String host = URI.create(origin.strip()).getHost();
                if (host != null) {
                    hosts.add(host.toLowerCase(Locale.ROOT));
                }
            } catch (IllegalArgumentException e) {
                // Not a URI: names no host.
            }
        }
        return Set.copyOf(hosts);
    }

    record CreateApp(String clientName, JsonNode redirectUris, String scopes, String website) {
    }

    record AppJson(String id, String name, String website, List<String> scopes, String redirectUri,
                   List<String> redirectUris, String clientId, String clientSecret, long clientSecretExpiresAt,
                   String vapidKey) {
    }

    @PostMapping
    AppJson create(@Params CreateApp request, HttpServletRequest http) {
        rateLimiter.acquire(limits.appRegistrations(), http.getRemoteAddr());
        String name = required(request.clientName(), "client_name");
        if (name.length() > NAME_MAX) {
            throw ApiException.unprocessable("Validation failed: Name is too long (maximum is " + NAME_MAX + " characters)");
        }
        String website = request.website() == null || request.website().isBlank() ? null : request.website().strip();
        if (website != null && (website.length() > WEBSITE_MAX || !isWebAddress(website))) {
            throw ApiException.unprocessable("Validation failed: Website is invalid");
        }
        List<String> redirectUris = this.redirectUris.parse(request.redirectUris());
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

    private static boolean isWebAddress(String uri) {
        try {
            URI parsed = new URI(uri);
            return parsed.getHost() != null
                    && (parsed.getScheme().equalsIgnoreCase("https") || parsed.getScheme().equalsIgnoreCase("http"));
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
