package com.graminsta.accounts;

import java.util.LinkedHashMap;
import java.util.Map;

import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.ApiException;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * GET /api/v1/preferences, which clients read at sign-in to preset the composer. Graminsta keeps
 * no separate preferences: a post's default visibility follows the account's lock, as in
 * verify_credentials' {@code source.privacy}, and the language is the one chosen at sign-up.
 */
@RestController
class PreferencesController {

    private final Accounts accounts;
    private final Credentials credentials;

    PreferencesController(Accounts accounts, Credentials credentials) {
        this.accounts = accounts;
        this.credentials = credentials;
    }

    @GetMapping(path = "/api/v1/preferences", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:accounts')")
    Map<String, Object> preferences(@AuthenticationPrincipal Caller caller) {
        long accountId = caller.account();
        Account account = accounts.findById(accountId).orElseThrow(ApiException::notFound);
        Map<String, Object> preferences = new LinkedHashMap<>();
        preferences.put("posting:default:visibility", account.locked() ? "private" : "public");
        preferences.put("posting:default:sensitive", false);
        preferences.put("posting:default:language", credentials.locale(accountId));
        preferences.put("reading:expand:media", "default");
        preferences.put("reading:expand:spoilers", false);
        return preferences;
    }
}
