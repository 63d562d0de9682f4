package com.graminsta.auth;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Origins that may call the API from a browser, for a web app deployed on another origin
 * (stage 3), as {@code GRAMINSTA_CORS_ALLOWED_ORIGINS=https://app.example.com}. None by default:
 * the all-in-one server serves the web app on its own origin.
 */
@ConfigurationProperties("graminsta.cors")
record CorsSettings(@DefaultValue List<String> allowedOrigins) {
}
