package com.graminsta.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class RedirectUrisTests {

    private final RedirectUris rules = new RedirectUris(Set.of("graminsta.example"));

    @Test
    void httpsAnywhereAndTheOutOfBandUrn() {
        assertThat(rules.allowed("https://app.example/callback?x=1")).isTrue();
        assertThat(rules.allowed("urn:ietf:wg:oauth:2.0:oob")).isTrue();
    }

    @Test
    void plainHttpOnlyOnLoopbackOrThisServersOwnHosts() {
        assertThat(rules.allowed("http://127.0.0.1:9/cb")).isTrue();
        assertThat(rules.allowed("http://127.1.2.3/cb")).isTrue();
        assertThat(rules.allowed("http://localhost:3000/cb")).isTrue();
        assertThat(rules.allowed("http://[::1]/cb")).isTrue();
        assertThat(rules.allowed("http://graminsta.example/callback")).isTrue();
        assertThat(rules.allowed("http://app.example/callback")).isFalse();
        assertThat(rules.allowed("http://10.0.0.1/callback")).isFalse();
        assertThat(rules.allowed("http://localhost.evil.example/cb")).isFalse();
    }

    @Test
    void nativeAppSchemesButNotWhatABrowserWouldRunOrReadLocally() {
        assertThat(rules.allowed("myapp://oauth")).isTrue();
        assertThat(rules.allowed("com.example.app:/oauth2redirect")).isTrue();
        for (String uri : new String[] {"javascript://x/%0aalert(1)", "JavaScript:alert(1)", "vbscript:msgbox", "data:text/html,x",
                "file:///etc/passwd", "blob:https://x/1", "myapp:opaque", "/relative", "https://app.example/cb#f",
                "https://user:pw@app.example/cb", "urn:other:thing", "https:///no-host"}) {
            assertThat(rules.allowed(uri)).as(uri).isFalse();
        }
    }

    @Test
    void overlongUrisAreRefused() {
        assertThat(rules.allowed("https://app.example/" + "a".repeat(RedirectUris.URI_MAX))).isFalse();
    }
}
