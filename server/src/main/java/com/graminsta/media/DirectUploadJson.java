package com.graminsta.media;

import java.time.Instant;
import java.util.Map;

/**
 * A started direct upload: PUT the file to {@code url} with {@code headers} before
 * {@code expiresAt}, then POST /api/graminsta/v1/uploads/:id/complete.
 */
record DirectUploadJson(String id, String url, String method, Map<String, String> headers, Instant expiresAt) {
}
