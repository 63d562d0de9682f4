package com.graminsta.webapp;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import com.graminsta.platform.GraminstaSettings;
import com.graminsta.platform.storage.DirectUploadUrls;
import com.graminsta.platform.storage.MediaStore;
import com.graminsta.streaming.StreamingSettings;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the web app (web/dist, packaged under static/): index.html for each of the app's routes,
 * with its Content Security Policy, and the hashed build files as immutable. The routes are the
 * ones in web/src/app/routes.ts (APP_ROUTE_PATTERN).
 */
@Controller
class WebAppRoutes implements WebMvcConfigurer {

    private static final Resource INDEX = new ClassPathResource("static/index.html");

    private final String policy;

    WebAppRoutes(GraminstaSettings settings, MediaStore media, DirectUploadUrls directUploads,
                 StreamingSettings streaming) {
        this.policy = policy(settings.publicUrl(), URI.create(media.baseUrl()), directUploads.origin(),
                URI.create(streaming.origin(settings)));
    }

    /**
     * The policy for the app served at {@code publicUrl}. Photos and avatars come from the public
     * URL, or from the media base URL (a CDN); direct uploads go from the browser straight to
     * object storage; the streaming socket goes to the origin the instance names, which
     * {@code 'self'} covers only when it is the app's own host (decision 0033).
     */
    static String policy(URI publicUrl, URI mediaBaseUrl, Optional<String> uploadOrigin, URI streamingUrl) {
        Set<String> images = new LinkedHashSet<>();
        images.add("'self'");
        images.add("blob:");
        images.add(origin(publicUrl));
        images.add(origin(mediaBaseUrl));
        Set<String> connections = new LinkedHashSet<>();
        connections.add("'self'");
        uploadOrigin.ifPresent(connections::add);
        if (!streamingUrl.getRawAuthority().equals(publicUrl.getRawAuthority())) {
            connections.add(origin(streamingUrl));
        }
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + String.join(" ", images)
                + "; connect-src " + String.join(" ", connections)
                + "; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                + "form-action 'self'; manifest-src 'self'; worker-src 'self'";
    }

    /** The Content-Security-Policy sent with the app's page. */
    String policy() {
        return policy;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    @GetMapping(path = {"/", "/index.html", "/signin", "/signup", "/auth/callback", "/compose", "/explore", "/search",
            "/notifications", "/follow-requests", "/settings", "/settings/profile", "/tags/{tag}", "/@{acct}",
            "/@{acct}/{item}"}, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<Resource> app() {
        if (!INDEX.exists()) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", policy)
                .header("Referrer-Policy", "strict-origin-when-cross-origin")
                .body(INDEX);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**")
                .addResourceLocations("classpath:/static/assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
        registry.addResourceHandler("/sw.js", "/config.json", "/manifest.webmanifest")
                .addResourceLocations("classpath:/static/")
                .setCacheControl(CacheControl.noCache());
    }
}
