package com.graminsta.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestApp;
import com.graminsta.support.TestUsers.TestUser;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint that needs a token is tried without one, with a bad one, and with one that
 * lacks its scope, each with and without a trailing slash (which the server accepts on every
 * route, so it must never skip a rule). The list of endpoints comes from the running server
 * itself, so a new endpoint is covered the day it is added.
 */
class AccessControlTests extends IntegrationTest {

    private static final Pattern SCOPE = Pattern.compile("hasAuthority\\('SCOPE_([a-z:]+)'\\)");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** @param anonymousAllowed readable without a token, though a token must still carry the scope */
    record Endpoint(RequestMethod method, String path, String scope, boolean anonymousAllowed, HandlerMethod handler) {

        @Override
        public String toString() {
            return method + " " + path + " (" + scope + ")";
        }
    }

    @Test
    void everyProtectedEndpointRefusesMissingInvalidAndUnderScopedTokens() {
        TestUser owner = users().register();
        TestUser other = users().register();
        TestApp app = users().app("read write follow push");
        String readOnly = token(app, other, "read");
        String writeOnly = token(app, other, "write");

        List<Endpoint> endpoints = protectedEndpoints();
        assertThat(endpoints).as("protected endpoints found").hasSizeGreaterThanOrEqualTo(20);

        SoftAssertions softly = new SoftAssertions();
        for (Endpoint endpoint : endpoints) {
            for (String path : List.of(concrete(endpoint, owner.id(), ""), concrete(endpoint, owner.id(), "/"))) {
                refusesWrongTokens(softly, endpoint, path, readOnly, writeOnly);
            }
        }
        softly.assertAll();
    }

    private void refusesWrongTokens(SoftAssertions softly, Endpoint endpoint, String path, String readOnly, String writeOnly) {
        if (!endpoint.anonymousAllowed()) {
            softly.assertThat(call(endpoint, path, null).status()).as("no token: " + endpoint.method() + " " + path).isEqualTo(401);
        }
        softly.assertThat(call(endpoint, path, "not-a-real-token").status()).as("bad token: " + endpoint.method() + " " + path).isEqualTo(401);
        if (endpoint.scope() != null) {
            String lacking = endpoint.scope().startsWith("read") ? writeOnly : readOnly;
            Api.Response response = call(endpoint, path, lacking);
            softly.assertThat(response.status()).as("token without " + endpoint.scope() + ": " + endpoint.method() + " " + path).isEqualTo(403);
        }
    }

    @Test
    void everyModuleHasProtectedEndpointsCheckedBothWays() {
        Set<String> modules = protectedEndpoints().stream()
                .map(endpoint -> endpoint.handler().getBeanType().getPackageName().replace("com.graminsta.", ""))
                .collect(Collectors.toSet());
        assertThat(modules).contains("accounts", "auth", "media", "posts", "social", "feed", "notifications", "search");
    }

    @Test
    void anotherUsersTokenActsOnlyForItsOwner() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        TestUser carol = users().register();
        api().patchJson("/api/v1/accounts/update_credentials", alice.token(), Map.of("locked", true));
        api().post("/api/v1/accounts/" + alice.id() + "/follow", carol.token());

        // Bob cannot answer a follow request addressed to Alice.
        assertThat(api().post("/api/v1/follow_requests/" + carol.id() + "/authorize", bob.token()).status()).isEqualTo(404);
        assertThat(api().post("/api/v1/follow_requests/" + carol.id() + "/reject", bob.token()).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/follow_requests", bob.token()).json().size()).isZero();
        assertThat(api().get("/api/v1/follow_requests", alice.token()).json().get(0).get("id").asString()).isEqualTo(carol.id());

        // Bob's token edits and reads Bob, whatever ids he names.
        api().patchJson("/api/v1/accounts/update_credentials", bob.token(), Map.of("display_name", "Bob", "id", alice.id()));
        assertThat(api().get("/api/v1/accounts/" + alice.id(), null).json().get("display_name").asString()).isEmpty();
        assertThat(api().get("/api/v1/accounts/verify_credentials", bob.token()).json().get("id").asString()).isEqualTo(bob.id());

        // Bob cannot change Alice's password, nor end her sessions.
        api().postForm("/api/graminsta/v1/password", bob.token(), Api.form("current_password", alice.password(),
                "password", "Another-Strong-Secret-9"));
        assertThat(api().get("/api/v1/accounts/verify_credentials", alice.token()).status()).isEqualTo(200);

        // Bob's relationship list is his own view.
        var relationship = api().get("/api/v1/accounts/relationships?id[]=" + alice.id(), bob.token()).json().get(0);
        assertThat(relationship.get("requested").asBoolean()).isFalse();
    }

    private List<Endpoint> protectedEndpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            HandlerMethod handler = entry.getValue();
            PreAuthorize rule = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), PreAuthorize.class);
            if (rule == null) {
                continue;
            }
            Matcher scope = SCOPE.matcher(rule.value());
            for (String path : entry.getKey().getPatternValues()) {
                for (RequestMethod method : entry.getKey().getMethodsCondition().getMethods()) {
                    endpoints.add(new Endpoint(method, path, scope.find(0) ? scope.group(1) : null,
                            rule.value().contains("isAnonymous()"), handler));
                }
            }
        }
        return endpoints;
    }

    /** The path with every variable set to an existing account's id, {@code ending} appended, and required parameters filled. */
    private static String concrete(Endpoint endpoint, String id, String ending) {
        StringBuilder path = new StringBuilder(endpoint.path().replaceAll("\\{[^}]+}", id)).append(ending);
        char separator = '?';
        for (MethodParameter parameter : endpoint.handler().getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null && param.required() && ValueConstants.DEFAULT_NONE.equals(param.defaultValue())
                    && !parameter.getParameterType().getName().contains("MultipartFile")) {
                String name = param.name().isEmpty() ? param.value() : param.name();
                path.append(separator).append(name.isEmpty() ? parameter.getParameterName() : name).append("=1");
                separator = '&';
            }
        }
        return path.toString();
    }

    private Api.Response call(Endpoint endpoint, String path, String token) {
        return api().send(endpoint.method().name(), path, token, "application/x-www-form-urlencoded", new byte[0]);
    }

    private String token(TestApp app, TestUser user, String scope) {
        Api.Response response = api().postForm("/oauth/token", null, Api.form("grant_type", "password",
                "client_id", app.clientId(), "client_secret", app.clientSecret(), "username", user.email(),
                "password", user.password(), "scope", scope));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("access_token").asString();
    }
}
