package com.graminsta.auth;

import java.util.Set;

import com.graminsta.accounts.Registrations;
import com.graminsta.platform.database.ReadYourWrites;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The account and its first token are made together, or neither is. */
@Service
class SignUps {

    private final Registrations registrations;
    private final AccessTokens tokens;

    SignUps(Registrations registrations, AccessTokens tokens) {
        this.registrations = registrations;
        this.tokens = tokens;
    }

    @Transactional
    AccessTokens.Issued signUp(Registrations.Registration registration, long appId, Set<String> scopes) {
        long accountId = registrations.register(registration);
        // An anonymous request: the new account's next requests must find it all the same.
        ReadYourWrites.writesFor(accountId);
        return tokens.issue(appId, accountId, scopes);
    }
}
