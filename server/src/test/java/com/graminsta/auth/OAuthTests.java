package com.graminsta.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.graminsta.streaming.WebSocketClient;
import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestApp;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

class OAuthTests extends IntegrationTest {

    private static final String OOB = "urn:ietf:wg:oauth:2.0:oob";
    private static final String CALLBACK = "https://app.example/callback";

    @Autowired
    JdbcClient jdbc;

    @Test
    void registeringAnAppReturnsItsCredentialsOnce() {
        Api.Response created = api().postJson("/api/v1/apps", null, java.util.Map.of(
                "client_name", "Pixel Viewer", "redirect_uris", List.of(CALLBACK, OOB), "scopes", "read write",
                "website", "https://pixel.example"));
        assertThat(created.status()).isEqualTo(200);
        JsonNode app = created.json();
        assertThat(app.get("name").asString()).isEqualTo("Pixel Viewer");
        assertThat(app.get("client_id").asString()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(app.get("client_secret").asString()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(app.get("redirect_uris").size()).isEqualTo(2);
        assertThat(app.get("redirect_uri").asString()).isEqualTo(CALLBACK + "\n" + OOB);
        assertThat(app.get("scopes").toString()).isEqualTo("[\"read\",\"write\"]");
        assertThat(app.get("id").isString()).isTrue();
    }

    @Test
    void appRegistrationRefusesBadInput() {
        assertThat(api().postForm("/api/v1/apps", null, Api.form("redirect_uris", OOB)).status()).isEqualTo(422);
        assertThat(api().postForm("/api/v1/apps", null, Api.form("client_name", "x", "redirect_uris", "not a uri")).status())
                .isEqualTo(422);
        assertThat(api().postForm("/api/v1/apps", null, Api.form("client_name", "x", "redirect_uris", "javascript:alert(1)")).status())
                .isEqualTo(422);
        assertThat(api().postForm("/api/v1/apps", null, Api.form("client_name", "x", "redirect_uris", OOB, "scopes", "admin:write")).status())
                .isEqualTo(422);
        for (String scheme : List.of("vbscript:msgbox(1)", "file:///etc/passwd", "data:text/html,x", "http://evil.example/cb",
                "https://app.example/cb#fragment", "myapp:opaque")) {
            Api.Response refused = api().postForm("/api/v1/apps", null, Api.form("client_name", "x", "redirect_uris", scheme));
            assertThat(refused.status()).as(scheme).isEqualTo(422);
            assertThat(refused.json().get("error").asString()).as(scheme).contains("Redirect URI");
        }
        Api.Response tooLong = api().postForm("/api/v1/apps", null, Api.form("client_name", "x".repeat(61), "redirect_uris", OOB));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.json().get("error").asString()).contains("too long");
    }

    @Test
    void redirectUrisOfTheWrongShapeAre422() {
        for (String body : List.of("{\"client_name\":\"x\",\"redirect_uris\":{\"a\":\"https://app.example/cb\"}}",
                "{\"client_name\":\"x\",\"redirect_uris\":[\"https://app.example/cb\",1]}",
                "{\"client_name\":\"x\",\"redirect_uris\":[[\"https://app.example/cb\"]]}",
                "{\"client_name\":\"x\",\"redirect_uris\":[null]}",
                "{\"client_name\":\"x\",\"redirect_uris\":true}")) {
            Api.Response response = api().postJson("/api/v1/apps", null, body);
            assertThat(response.status()).as(body).isEqualTo(422);
            assertThat(response.json().get("error").asString()).as(body).startsWith("Validation failed: Redirect URI");
        }
    }

    @Test
    void nativeAppsAndLoopbackMayReceiveCodes() {
        for (String uri : List.of("myapp://oauth/callback", "com.example.app:/callback", "http://127.0.0.1:4000/cb",
                "http://localhost/cb", "http://[::1]:8000/cb", "https://app.example/cb")) {
            Api.Response response = api().postForm("/api/v1/apps", null, Api.form("client_name", "x", "redirect_uris", uri));
            assertThat(response.status()).as(uri).isEqualTo(200);
        }
    }

    @Test
    void anAppTokenActsForNoUser() {
        TestApp app = users().app("read write");
        assertThat(api().get("/api/v1/apps/verify_credentials", app.token()).json().get("name").asString()).isEqualTo("Tests");
        Api.Response me = api().get("/api/v1/accounts/verify_credentials", app.token());
        assertThat(me.status()).isEqualTo(422);
        assertThat(me.json().get("error").asString()).isEqualTo("This method requires an authenticated user");
    }

    @Test
    void passwordGrantSignsInByEmailOrUsername() {
        TestUser user = users().register();
        TestApp app = users().app("read write follow");
        for (String login : List.of(user.email(), user.username(), user.username().toUpperCase())) {
            Api.Response token = passwordGrant(app, login, user.password(), "read");
            assertThat(token.status()).as(token.toString()).isEqualTo(200);
            assertThat(token.json().get("token_type").asString()).isEqualTo("Bearer");
            assertThat(token.json().get("scope").asString()).isEqualTo("read");
            String accessToken = token.json().get("access_token").asString();
            assertThat(api().get("/api/v1/accounts/verify_credentials", accessToken).json().get("id").asString())
                    .isEqualTo(user.id());
        }
    }

    @Test
    void signInFailuresDoNotRevealWhetherTheUserExists() {
        TestUser user = users().register();
        TestApp app = users().app("read");
        Api.Response wrongPassword = passwordGrant(app, user.email(), "Not-The-Password-1", "read");
        Api.Response noSuchUser = passwordGrant(app, "nobody_" + user.username() + "@example.com", "Not-The-Password-1", "read");
        assertThat(wrongPassword.status()).isEqualTo(400);
        assertThat(noSuchUser.status()).isEqualTo(400);
        assertThat(wrongPassword.body()).isEqualTo(noSuchUser.body());
        assertThat(wrongPassword.json().get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void tokensCannotExceedTheAppsScopes() {
        TestUser user = users().register();
        TestApp app = users().app("read");
        assertThat(passwordGrant(app, user.email(), user.password(), "read write").json().get("error").asString())
                .isEqualTo("invalid_scope");
        assertThat(passwordGrant(app, user.email(), user.password(), "read:accounts").status()).isEqualTo(200);
    }

    @Test
    void wrongClientSecretIsRefused() {
        TestApp app = users().app("read");
        Api.Response response = api().postForm("/oauth/token", null, Api.form("grant_type", "client_credentials",
                "client_id", app.clientId(), "client_secret", "wrong"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error").asString()).isEqualTo("invalid_client");
        assertThat(api().postForm("/oauth/token", null, Api.form("grant_type", "refresh_token",
                "client_id", app.clientId(), "client_secret", app.clientSecret())).json().get("error").asString())
                .isEqualTo("unsupported_grant_type");
    }

    @Test
    void authorizationCodeFlowWithPkce() throws Exception {
        TestUser user = users().register();
        JsonNode app = registerApp(CALLBACK, "read write follow");
        String verifier = Secrets.generate() + "-verifier";
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));

        String code = authorize(app, CALLBACK, "read write", challenge, user.username(), user.password());

        Api.Response wrongVerifier = exchange(app, code, CALLBACK, "x".repeat(50), false);
        assertThat(wrongVerifier.json().get("error").asString()).isEqualTo("invalid_grant");

        // A code is good once: the failed attempt above used it up, so sign in again.
        code = authorize(app, CALLBACK, "read write", challenge, user.email(), user.password());
        Api.Response token = exchange(app, code, CALLBACK, verifier, false);
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        assertThat(token.json().get("scope").asString()).isEqualTo("read write");
        String accessToken = token.json().get("access_token").asString();
        assertThat(api().get("/api/v1/accounts/verify_credentials", accessToken).json().get("id").asString()).isEqualTo(user.id());

        assertThat(exchange(app, code, CALLBACK, verifier, false).json().get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void aReusedAuthorizationCodeRevokesTheTokenItGave() throws Exception {
        TestUser user = users().register();
        JsonNode app = registerApp(CALLBACK, "read");
        String verifier = Secrets.generate() + "-verifier";
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String code = authorize(app, CALLBACK, "read", challenge, user.username(), user.password());
        String accessToken = exchange(app, code, CALLBACK, verifier, false).json().get("access_token").asString();
        assertThat(api().get("/api/v1/accounts/verify_credentials", accessToken).status()).isEqualTo(200);

        Api.Response replay = exchange(app, code, CALLBACK, verifier, false);

        assertThat(replay.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(api().get("/api/v1/accounts/verify_credentials", accessToken).status()).isEqualTo(401);
        assertThat(api().get("/api/v1/accounts/verify_credentials", user.token()).status()).isEqualTo(200);
    }

    @Test
    void aReusedAuthorizationCodeClosesTheStreamsOfTheTokenItRevokes() throws Exception {
        TestUser user = users().register();
        JsonNode app = registerApp(CALLBACK, "read");
        String verifier = "v".repeat(43);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String code = authorize(app, CALLBACK, "read", challenge, user.username(), user.password());
        String accessToken = exchange(app, code, CALLBACK, verifier, false).json().get("access_token").asString();
        try (WebSocketClient stolen = WebSocketClient.open(port, "stream=user", accessToken)) {
            // A notification that arrives shows the socket's channels subscribed, over Redis too.
            assertThat(api().post("/api/v1/accounts/" + user.id() + "/follow", users().register().token()).status())
                    .isEqualTo(200);
            stolen.next("notification");
            try (WebSocketClient other = WebSocketClient.open(port, "stream=user", user.token())) {
                assertThat(exchange(app, code, CALLBACK, verifier, false).json().get("error").asString())
                        .isEqualTo("invalid_grant");

                assertThat(stolen.awaitClose()).isEqualTo(1000);
                assertThat(other.isClosed()).isFalse();
            }
        }
    }

    @Test
    void authorizationCodeWithoutPkceNeedsTheClientSecret() {
        TestUser user = users().register();
        JsonNode app = registerApp(OOB, "read");
        Api.Response page = signInOnPage(app, OOB, "read", null, user.username(), user.password());
        assertThat(page.status()).isEqualTo(200);
        Matcher shown = Pattern.compile("id=\"code\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertThat(shown.find()).isTrue();
        String code = shown.group(1);
        assertThat(exchange(app, code, OOB, null, false).status()).isEqualTo(401);
        String second = codeFromPage(signInOnPage(app, OOB, "read", null, user.username(), user.password()));
        assertThat(exchange(app, second, OOB, null, true).status()).isEqualTo(200);
    }

    @Test
    void theConsentPageRefusesUnknownAppsAndForeignRedirects() {
        JsonNode app = registerApp(CALLBACK, "read");
        Api.Response unknown = api().get("/oauth/authorize?response_type=code&client_id=nope&redirect_uri=" + CALLBACK, null);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.header("Location")).isEmpty();
        Api.Response foreign = api().get("/oauth/authorize?response_type=code&client_id=" + app.get("client_id").asString()
                + "&redirect_uri=https://evil.example/steal", null);
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.body()).contains("redirect URI is not one this application registered");
    }

    @Test
    void theConsentPageEscapesWhatTheAppSays() {
        JsonNode app = api().postForm("/api/v1/apps", null, Api.form("client_name", "<script>alert(1)</script>",
                "redirect_uris", CALLBACK)).json();
        Api.Response page = api().get(authorizeUrl(app, CALLBACK, "read", null) , null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(page.header("Content-Security-Policy").orElseThrow()).contains("default-src 'none'")
                .doesNotContain("script-src");
    }

    @Test
    void signingInWithoutTheFormsCsrfTokenIsRefused() {
        TestUser user = users().register();
        JsonNode app = registerApp(CALLBACK, "read");
        Api.Response response = api().postForm("/oauth/authorize", null, Api.form(
                "response_type", "code", "client_id", app.get("client_id").asString(), "redirect_uri", CALLBACK,
                "login", user.username(), "password", user.password(), "decision", "allow"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Location")).isEmpty();
    }

    @Test
    void denyingRedirectsWithAccessDenied() {
        JsonNode app = registerApp(CALLBACK, "read");
        Api.Response response = submitConsent(app, CALLBACK, "read", null, "", "", "deny");
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location").orElseThrow()).startsWith(CALLBACK + "?error=access_denied&state=xyz");
    }

    @Test
    void revokedTokensStopWorking() {
        TestUser user = users().register();
        TestApp app = users().app("read");
        String token = passwordGrant(app, user.email(), user.password(), "read").json().get("access_token").asString();
        assertThat(api().get("/api/v1/accounts/verify_credentials", token).status()).isEqualTo(200);
        Api.Response revoked = api().postForm("/oauth/revoke", null, Api.form(
                "client_id", app.clientId(), "client_secret", app.clientSecret(), "token", token));
        assertThat(revoked.status()).isEqualTo(200);
        Api.Response after = api().get("/api/v1/accounts/verify_credentials", token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("error").asString()).isEqualTo("The access token is invalid");
    }

    @Test
    void anotherAppCannotRevokeYourToken() {
        TestUser user = users().register();
        TestApp app = users().app("read");
        TestApp other = users().app("read");
        String token = passwordGrant(app, user.email(), user.password(), "read").json().get("access_token").asString();
        api().postForm("/oauth/revoke", null, Api.form("client_id", other.clientId(), "client_secret", other.clientSecret(), "token", token));
        assertThat(api().get("/api/v1/accounts/verify_credentials", token).status()).isEqualTo(200);
    }

    @Test
    void secretsAreStoredOnlyAsHashes() {
        TestUser user = users().register();
        TestApp app = users().app("read");
        byte[] tokenHash = Secrets.hash(user.token());
        assertThat(jdbc.sql("SELECT count(*) FROM oauth_access_tokens WHERE token_hash = :hash")
                .param("hash", tokenHash).query(Long.class).single()).isEqualTo(1);
        String everything = jdbc.sql("""
                        SELECT string_agg(t::text, '|') FROM (
                          SELECT row_to_json(a)::text AS t FROM oauth_access_tokens a
                          UNION ALL SELECT row_to_json(b)::text FROM oauth_apps b
                          UNION ALL SELECT row_to_json(u)::text FROM users u) rows""")
                .query(String.class).single();
        assertThat(everything).doesNotContain(user.token()).doesNotContain(app.clientSecret()).doesNotContain(user.password());
        assertThat(Base64.getUrlDecoder().decode(user.token())).hasSizeGreaterThanOrEqualTo(16);
        String hash = jdbc.sql("SELECT password_hash FROM users WHERE lower(email) = lower(:email)")
                .param("email", user.email()).query(String.class).single();
        assertThat(hash).startsWith("{argon2");
    }

    @Test
    void changingThePasswordEndsOtherSessions() {
        TestUser user = users().register();
        TestApp app = users().app("read write");
        String otherDevice = passwordGrant(app, user.email(), user.password(), "read").json().get("access_token").asString();
        Api.Response wrongCurrent = api().postForm("/api/graminsta/v1/password", user.token(), Api.form(
                "current_password", "wrong-password-123", "password", "A-brand-new-Secret-42"));
        assertThat(wrongCurrent.status()).isEqualTo(422);
        assertThat(api().get("/api/v1/accounts/verify_credentials", otherDevice).status()).isEqualTo(200);

        Api.Response changed = api().postForm("/api/graminsta/v1/password", user.token(), Api.form(
                "current_password", user.password(), "password", "A-brand-new-Secret-42"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(api().get("/api/v1/accounts/verify_credentials", otherDevice).status()).isEqualTo(401);
        assertThat(api().get("/api/v1/accounts/verify_credentials", user.token()).status()).isEqualTo(200);
        assertThat(passwordGrant(app, user.email(), user.password(), "read").status()).isEqualTo(400);
        assertThat(passwordGrant(app, user.email(), "A-brand-new-Secret-42", "read").status()).isEqualTo(200);
    }

    @Test
    void missingOrInvalidTokensAre401AndMissingScopesAre403() {
        TestUser user = users().register();
        TestApp app = users().app("read write");
        String readOnly = passwordGrant(app, user.email(), user.password(), "read").json().get("access_token").asString();
        assertThat(api().get("/api/v1/accounts/verify_credentials", null).status()).isEqualTo(401);
        assertThat(api().get("/api/v1/accounts/verify_credentials", "not-a-token").status()).isEqualTo(401);
        Api.Response outsideScope = api().patchJson("/api/v1/accounts/update_credentials", readOnly, "{\"note\":\"hi\"}");
        assertThat(outsideScope.status()).isEqualTo(403);
        assertThat(outsideScope.json().get("error").asString()).isEqualTo("This action is outside the authorized scopes");
        assertThat(api().get("/api/v1/accounts/" + user.id(), user.token()).json().get("note").asString()).isEmpty();
    }

    private JsonNode registerApp(String redirectUri, String scopes) {
        return api().postForm("/api/v1/apps", null, Api.form("client_name", "Flow", "redirect_uris", redirectUri,
                "scopes", scopes)).json();
    }

    private Api.Response passwordGrant(TestApp app, String login, String password, String scope) {
        return api().postForm("/oauth/token", null, Api.form("grant_type", "password", "client_id", app.clientId(),
                "client_secret", app.clientSecret(), "username", login, "password", password, "scope", scope));
    }

    private Api.Response exchange(JsonNode app, String code, String redirectUri, String verifier, boolean withSecret) {
        java.util.Map<String, Object> form = Api.form("grant_type", "authorization_code",
                "client_id", app.get("client_id").asString(), "code", code, "redirect_uri", redirectUri);
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        if (withSecret) {
            form.put("client_secret", app.get("client_secret").asString());
        }
        return api().postForm("/oauth/token", null, form);
    }

    private String authorize(JsonNode app, String redirectUri, String scope, String challenge, String login, String password) {
        Api.Response response = signInOnPage(app, redirectUri, scope, challenge, login, password);
        assertThat(response.status()).as(response.toString()).isEqualTo(302);
        URI location = URI.create(response.header("Location").orElseThrow());
        var query = UriComponentsBuilder.fromUri(location).build().getQueryParams();
        assertThat(query.getFirst("state")).isEqualTo("xyz");
        return query.getFirst("code");
    }

    private Api.Response signInOnPage(JsonNode app, String redirectUri, String scope, String challenge, String login, String password) {
        return submitConsent(app, redirectUri, scope, challenge, login, password, "allow");
    }

    private Api.Response submitConsent(JsonNode app, String redirectUri, String scope, String challenge,
                                       String login, String password, String decision) {
        Api.Response page = api().get(authorizeUrl(app, redirectUri, scope, challenge), null);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).isTrue();
        String cookie = page.header("Set-Cookie").orElseThrow().split(";")[0];
        java.util.Map<String, Object> form = Api.form("_csrf", csrf.group(1), "response_type", "code",
                "client_id", app.get("client_id").asString(), "redirect_uri", redirectUri, "scope", scope, "state", "xyz",
                "login", login, "password", password, "decision", decision);
        if (challenge != null) {
            form.put("code_challenge", challenge);
            form.put("code_challenge_method", "S256");
        }
        return api().send("POST", "/oauth/authorize", null, "application/x-www-form-urlencoded",
                Api.encode(form).getBytes(StandardCharsets.UTF_8), "Cookie", cookie);
    }

    private static String authorizeUrl(JsonNode app, String redirectUri, String scope, String challenge) {
        UriComponentsBuilder url = UriComponentsBuilder.fromPath("/oauth/authorize")
                .queryParam("response_type", "code")
                .queryParam("client_id", app.get("client_id").asString())
                .queryParam("redirect_uri", redirectUri)
                .queryParam("scope", scope)
                .queryParam("state", "xyz");
        if (challenge != null) {
            url.queryParam("code_challenge", challenge).queryParam("code_challenge_method", "S256");
        }
        return url.encode().build().toUriString();
    }

    private static String codeFromPage(Api.Response page) {
        Matcher shown = Pattern.compile("id=\"code\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertThat(shown.find()).isTrue();
        return shown.group(1);
    }
}
