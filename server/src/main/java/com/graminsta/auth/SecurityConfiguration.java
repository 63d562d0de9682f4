package com.graminsta.auth;

import java.time.Duration;
import java.util.List;

import com.graminsta.platform.ratelimit.TokenLimit;
import com.graminsta.platform.ratelimit.TokenLimitFilter;
import com.graminsta.platform.web.ApiErrors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Bearer tokens authenticate API calls; each endpoint names the scope it needs with
 * {@code @PreAuthorize}. Nothing is kept in a server session, so any instance can answer any
 * request. The one cookie is the CSRF token of the sign-in form.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /**
     * Spring Security times each of its filters, every authentication and every authorization,
     * for every request, when an observation registry exists: about a sixth of the CPU of a
     * cached profile GET (loadtest/profile), and more on the lab's mix, for metrics nobody reads.
     * Turning them off by name still wraps each filter; this setting leaves the chain as it is.
     * {@code http.server.requests} (rate, errors and duration per route) stays.
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AccessTokenIntrospector introspector, TokenLimit tokenLimit) throws Exception {
        AuthenticationEntryPoint invalidToken = (request, response, e) ->
                ApiErrors.write(response, HttpStatus.UNAUTHORIZED, "The access token is invalid");
        AccessDeniedHandler outsideScopes = (request, response, e) ->
                ApiErrors.write(response, HttpStatus.FORBIDDEN, "This action is outside the authorized scopes");
        CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict").path("/oauth"));
        return http
                .cors(Customizer.withDefaults())
                .csrf(csrf -> csrf
                        .requireCsrfProtectionMatcher(PathPatternRequestMatcher.withDefaults()
                                .matcher(HttpMethod.POST, "/oauth/authorize"))
                        .csrfTokenRepository(csrfTokens))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .opaqueToken(opaque -> opaque.introspector(introspector))
                        .authenticationEntryPoint(invalidToken)
                        .accessDeniedHandler(outsideScopes))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(invalidToken)
                        .accessDeniedHandler(outsideScopes))
                // Mastodon's per-token limit, once the token is known (decision 0018).
                .addFilterAfter(new TokenLimitFilter(tokenLimit), BearerTokenAuthenticationFilter.class)
                .build();
    }

    /**
     * Cross-origin access for the configured origins only, to the API and the token endpoints;
     * {@code Link} is exposed because pagination lives in it, and the rate-limit headers as
     * Mastodon exposes them. Tokens travel in the Authorization
     * header, never in cookies, so no credentials mode is needed.
     */
    @Bean
    CorsConfigurationSource corsConfigurationSource(CorsSettings settings) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (settings.allowedOrigins().isEmpty()) {
            return source;
        }
        CorsConfiguration api = new CorsConfiguration();
        api.setAllowedOrigins(settings.allowedOrigins());
        api.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        api.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
        api.setExposedHeaders(List.of("Link", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"));
        api.setMaxAge(Duration.ofHours(1));
        for (String path : List.of("/api/**", "/oauth/token", "/oauth/revoke")) {
            source.registerCorsConfiguration(path, api);
        }
        return source;
    }
}
