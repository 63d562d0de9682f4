package com.graminsta.auth;

import java.time.Duration;

import com.graminsta.platform.ratelimit.RateLimit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often one address may sign up or register apps, one address or one account may try to sign
 * in, and one session may check the current password.
 * Set with {@code GRAMINSTA_RATE_LIMITS_SIGN_INS_PER_IP_REQUESTS} and the like.
 */
@ConfigurationProperties("graminsta.rate-limits")
record AuthLimits(
        @DefaultValue Limit registrationsPerIp,
        @DefaultValue Limit signInsPerIp,
        @DefaultValue Limit signInsPerAccount,
        @DefaultValue Limit appRegistrationsPerIp,
        @DefaultValue Limit passwordChecksPerSession) {

    record Limit(Integer requests, Duration period) {
    }

    RateLimit registrations() {
        return limit("registrations-ip", registrationsPerIp, 5, Duration.ofMinutes(30));
    }

    RateLimit signInsByAddress() {
        return limit("sign-ins-ip", signInsPerIp, 25, Duration.ofMinutes(5));
    }

    /** Password guesses against one account, by sign-in or by a session's password change (decision 0013). */
    RateLimit signInsByAccount() {
        return limit("sign-ins-account", signInsPerAccount, 10, Duration.ofMinutes(15));
    }

    /** Current-password checks by one session: a stolen token must not become a password oracle. */
    RateLimit passwordChecksBySession() {
        return limit("password-checks-session", passwordChecksPerSession, 5, Duration.ofMinutes(15));
    }

    /** Registering an app costs no password hash but writes a row, so anyone could fill the table. */
    RateLimit appRegistrations() {
        return limit("app-registrations-ip", appRegistrationsPerIp, 30, Duration.ofMinutes(30));
    }

    private static RateLimit limit(String name, Limit configured, int requests, Duration period) {
        return new RateLimit(name,
                configured.requests() == null ? requests : configured.requests(),
                configured.period() == null ? period : configured.period());
    }
}
