package com.graminsta.platform.storage;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * A presigned PUT: the client sends the file to {@code url} with exactly these {@code headers}
 * before {@code expiresAt}. Content-Length is signed too, but browsers set it themselves.
 */
public record PresignedUpload(URI url, Map<String, String> headers, Instant expiresAt) {
}
