package com.graminsta.auth;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.graminsta.platform.web.ApiException;
import tools.jackson.databind.JsonNode;

/**
 * The redirect URIs an app may register, as Mastodon allows them: {@code https} anywhere,
 * {@code http} only where no network sees the code (loopback, or this server's own origins),
 * custom schemes of native apps ({@code myapp://callback}), and the out-of-band URN. Schemes a
 * browser would run or read locally ({@code javascript:}, {@code data:}, {@code file:} and the
 * like) are refused, as are fragments, which a redirect would drop.
 */
final class RedirectUris {

    static final int URI_MAX = 2000;
    static final int COUNT_MAX = 10;

    private static final Set<String> FORBIDDEN_SCHEMES = Set.of("javascript", "vbscript", "data", "file", "blob",
            "about", "filesystem", "view-source", "jar", "ftp", "ws", "wss", "mailto", "tel", "urn");

    private final Set<String> ownHttpHosts;

    /** @param ownHttpHosts hosts besides loopback that may receive codes over plain http: this server's own */
    RedirectUris(Set<String> ownHttpHosts) {
        this.ownHttpHosts = ownHttpHosts;
    }

    /** One URI, several separated by whitespace, or an array of strings; anything else is a 422. */
    List<String> parse(JsonNode value) {
        List<String> uris = new ArrayList<>();
        if (value != null && value.isArray()) {
            for (JsonNode uri : value) {
                if (!uri.isString()) {
                    throw invalid("Redirect URI must be a string");
                }
                uris.add(uri.asString().strip());
            }
        } else if (value != null && value.isString()) {
            for (String uri : value.asString().strip().split("\\s+")) {
                if (!uri.isEmpty()) {
                    uris.add(uri);
                }
            }
        } else if (value != null && !value.isNull()) {
            throw invalid("Redirect URI must be a string or an array of strings");
        }
        uris.removeIf(String::isEmpty);
        if (uris.isEmpty()) {
            throw invalid("Redirect URI can't be blank");
        }
        if (uris.size() > COUNT_MAX) {
            throw invalid("At most " + COUNT_MAX + " redirect URIs");
        }
        for (String uri : uris) {
            if (!allowed(uri)) {
                throw invalid("Redirect URI must be an absolute https URI, http on loopback, an app's own scheme, or "
                        + OAuthApp.OUT_OF_BAND);
            }
        }
        return uris;
    }

    boolean allowed(String uri) {
        if (uri.equals(OAuthApp.OUT_OF_BAND)) {
            return true;
        }
        if (uri.length() > URI_MAX) {
            return false;
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return false;
        }
        if (!parsed.isAbsolute() || parsed.getFragment() != null || parsed.getUserInfo() != null) {
            return false;
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "https" -> parsed.getHost() != null;
            case "http" -> parsed.getHost() != null && (isLoopback(parsed.getHost())
                    || ownHttpHosts.contains(parsed.getHost().toLowerCase(Locale.ROOT)));
            default -> !FORBIDDEN_SCHEMES.contains(scheme) && !parsed.isOpaque();
        };
    }

    private static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        // Only literal addresses: resolving a name here would ask DNS what the attacker chose.
        if (name.startsWith("[") && name.endsWith("]")) {
            return name.equals("[::1]");
        }
        if (!name.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        try {
            return InetAddress.getByName(name).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static ApiException invalid(String message) {
        return ApiException.unprocessable("Validation failed: " + message);
    }
}
