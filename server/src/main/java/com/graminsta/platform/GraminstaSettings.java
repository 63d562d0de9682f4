package com.graminsta.platform;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every feature may read. Each has an environment variable: {@code graminsta.data-dir}
 * is {@code GRAMINSTA_DATA_DIR}, {@code graminsta.public-url} is {@code GRAMINSTA_PUBLIC_URL}.
 *
 * @param dataDir where stage 1 keeps its embedded database and local media
 * @param publicUrl the address users reach this server at, used in links and account URLs
 * @param instanceTitle the name shown by /api/v1/instance and the sign-in page
 */
@ConfigurationProperties("graminsta")
public record GraminstaSettings(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("http://localhost:8080") URI publicUrl,
        @DefaultValue("Graminsta") String instanceTitle) {

    public String domain() {
        return publicUrl.getPort() == -1 ? publicUrl.getHost() : publicUrl.getHost() + ":" + publicUrl.getPort();
    }

    public String url(String path) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
