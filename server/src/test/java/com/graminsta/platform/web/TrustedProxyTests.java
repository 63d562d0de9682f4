package com.graminsta.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestApp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The tests' own requests come from 127.0.0.1, trusted here as a load balancer would be. */
@TestPropertySource(properties = {
        "graminsta.trusted-proxies=127.0.0.1, 10.0.0.0/8",
        "graminsta.public-url=https://photos.example",
})
class TrustedProxyTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aTrustedProxysForwardedForNamesTheClient() {
        TestApp app = users().app("read");
        signIn(app, "203.0.113.21");
        // The peer is 127.0.0.1: only the header can have named this address.
        assertThat(signInBucketsFor("203.0.113.21")).isOne();
    }

    @Test
    void onlyTheHopsAfterTheLastUntrustedAddressAreSkipped() {
        TestApp app = users().app("read");
        // The client wrote 198.51.100.66 itself; the balancer appended the address it saw, and an
        // inner trusted hop (10.1.2.3) its own.
        signIn(app, "198.51.100.66, 203.0.113.22, 10.1.2.3");
        assertThat(signInBucketsFor("203.0.113.22")).isOne();
        assertThat(signInBucketsFor("198.51.100.66")).isZero();
    }

    @Test
    void linksNameThePublicUrlWhateverHostTheRequestNames() throws IOException {
        var alice = users().register();
        var bob = users().register();
        api().post("/api/v1/accounts/" + bob.id() + "/follow", alice.token());
        api().post("/api/v1/accounts/" + bob.id() + "/follow", users().register().token());
        String response = raw("GET /api/v1/accounts/" + bob.id() + "/followers?limit=1 HTTP/1.1\r\n"
                + "Host: evil.example\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: http\r\n"
                + "Authorization: Bearer " + alice.token() + "\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200");
        assertThat(response).contains("Link: <https://photos.example/api/v1/accounts/" + bob.id() + "/followers?limit=1&max_id=")
                .doesNotContain("evil.example");

        String docs = raw("GET /api/docs HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Host: evil.example\r\n"
                + "Accept: application/json\r\nConnection: close\r\n\r\n");
        assertThat(docs).contains("\"url\":\"https://photos.example\"").doesNotContain("evil.example");
    }

    private void signIn(TestApp app, String forwardedFor) {
        Api.Response response = api().send("POST", "/oauth/token", null, "application/x-www-form-urlencoded",
                Api.encode(Api.form("grant_type", "password", "client_id", app.clientId(), "client_secret", app.clientSecret(),
                        "username", "nobody_" + System.nanoTime(), "password", "Wrong-Password-1")).getBytes(StandardCharsets.UTF_8),
                "X-Forwarded-For", forwardedFor);
        assertThat(response.status()).isEqualTo(400);
    }

    private long signInBucketsFor(String address) {
        return jdbc.sql("SELECT count(*) FROM rate_limit_buckets WHERE id LIKE 'sign-ins-ip:%' AND id LIKE :suffix")
                .param("suffix", "%s:" + address).query(Long.class).single();
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
