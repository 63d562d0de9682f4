package com.graminsta.auth;

import java.util.Map;

import com.graminsta.accounts.Credentials;
import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.Params;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * POST /api/graminsta/v1/password: Mastodon changes passwords only in its own web pages, so this
 * is a Graminsta extension. Every other session of the account ends.
 */
@RestController
class PasswordController {

    private final Credentials credentials;
    private final AccessTokens tokens;
    private final SignIn signIn;
    private final TransactionTemplate transactions;

    PasswordController(Credentials credentials, AccessTokens tokens, SignIn signIn, TransactionTemplate transactions) {
        this.credentials = credentials;
        this.tokens = tokens;
        this.signIn = signIn;
        this.transactions = transactions;
    }

    record PasswordChange(String currentPassword, String password) {
    }

    @PostMapping(path = "/api/graminsta/v1/password", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:accounts')")
    Map<String, Object> change(@AuthenticationPrincipal Caller caller, @Params PasswordChange change) {
        long accountId = caller.account();
        // Before the transaction: the limiter takes a connection of its own.
        signIn.checkingPassword(accountId, caller.tokenId());
        int ended = transactions.execute(status -> {
            credentials.changePassword(accountId, change.currentPassword(), change.password());
            return tokens.revokeAllExcept(accountId, caller.tokenId());
        });
        return Map.of("revoked_sessions", ended);
    }
}
