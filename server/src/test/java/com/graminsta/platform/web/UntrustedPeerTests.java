package com.graminsta.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestApp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** By default no proxy is trusted: the client address is the connection's peer, whatever it says. */
class UntrustedPeerTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aForwardedForFromAnUntrustedPeerChangesNothing() {
        TestApp app = users().app("read");
        for (String spoofed : new String[] {"198.51.100.7", "198.51.100.8, 198.51.100.9", "unknown"}) {
            Api.Response response = api().send("POST", "/oauth/token", null, "application/x-www-form-urlencoded",
                    Api.encode(Api.form("grant_type", "password", "client_id", app.clientId(), "client_secret", app.clientSecret(),
                            "username", "spoof_" + System.nanoTime(), "password", "Wrong-Password-1")).getBytes(StandardCharsets.UTF_8),
                    "X-Forwarded-For", spoofed, "Forwarded", "for=198.51.100.10", "X-Real-IP", "198.51.100.11");
            assertThat(response.status()).isEqualTo(400);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM rate_limit_buckets WHERE id LIKE 'sign-ins-ip:%:198.51.100.%'")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM rate_limit_buckets WHERE id LIKE 'sign-ins-ip:%:127.0.0.1'")
                .query(Long.class).single()).isPositive();
    }
}
