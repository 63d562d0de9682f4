package com.graminsta.platform.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param baseUrl the public URL media is served from; empty means this server's own /media path
 */
@ConfigurationProperties("graminsta.media")
public record MediaSettings(String baseUrl) {
}
