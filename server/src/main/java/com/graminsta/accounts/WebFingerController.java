package com.graminsta.accounts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.graminsta.platform.GraminstaSettings;
import com.graminsta.platform.web.ApiException;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * WebFinger (RFC 7033) for local accounts, where host-meta points: {@code acct:name@domain} or the
 * profile's URL gives the profile's addresses. Clients use it to turn a handle into a profile;
 * there is no federation behind it.
 */
@RestController
class WebFingerController {

    private static final MediaType JRD = MediaType.parseMediaType("application/jrd+json; charset=utf-8");

    private final Accounts accounts;
    private final GraminstaSettings settings;

    WebFingerController(Accounts accounts, GraminstaSettings settings) {
        this.accounts = accounts;
        this.settings = settings;
    }

    @GetMapping(path = "/.well-known/webfinger")
    ResponseEntity<Map<String, Object>> webfinger(@RequestParam(required = false) String resource) {
        if (resource == null || resource.isBlank()) {
            throw ApiException.badRequest("The resource parameter is missing");
        }
        Account account = username(resource.strip()).flatMap(accounts::findByUsername)
                .orElseThrow(() -> ApiException.notFound());
        String profile = settings.url("/@" + account.username());
        return ResponseEntity.ok()
                .contentType(JRD)
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(Map.of(
                        "subject", "acct:" + account.username() + "@" + settings.domain(),
                        "aliases", List.of(profile, settings.url("/users/" + account.username())),
                        "links", List.of(Map.of("rel", "http://webfinger.net/rel/profile-page", "type", "text/html",
                                "href", profile))));
    }

    /** The local username a resource names, if it names one here. */
    private Optional<String> username(String resource) {
        if (resource.startsWith("acct:")) {
            String acct = resource.substring(5);
            if (acct.startsWith("@")) {
                acct = acct.substring(1);
            }
            int at = acct.indexOf('@');
            if (at < 0) {
                return Optional.of(acct);
            }
            return acct.substring(at + 1).equalsIgnoreCase(settings.domain()) ? Optional.of(acct.substring(0, at)) : Optional.empty();
        }
        for (String prefix : List.of(settings.url("/@"), settings.url("/users/"))) {
            if (resource.startsWith(prefix)) {
                return Optional.of(resource.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }
}
