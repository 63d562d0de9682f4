package com.graminsta.instance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.graminsta.platform.GraminstaSettings;
import com.graminsta.platform.storage.DirectUploadUrls;
import com.graminsta.streaming.StreamingSettings;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/v1/instance and /api/v2/instance, with the limits clients need to know; counts from {@link Usage}. */
@RestController
class InstanceController {

    /** The Mastodon API version Graminsta follows, which clients read to decide what to call. */
    static final String MASTODON_VERSION = "4.3.0";
    static final String GRAMINSTA_VERSION = "0.1.0";
    static final String VERSION = MASTODON_VERSION + " (compatible; Graminsta " + GRAMINSTA_VERSION + ")";
    static final String SOURCE_URL = "https://github.com/graminsta/graminsta";
    static final String DESCRIPTION = "Photo sharing with friends, on a server you can run yourself.";

    private final GraminstaSettings settings;
    private final Usage usage;
    private final DirectUploadUrls directUploads;
    private final String streamingOrigin;

    InstanceController(GraminstaSettings settings, Usage usage, DirectUploadUrls directUploads,
                       StreamingSettings streaming) {
        this.settings = settings;
        this.usage = usage;
        this.directUploads = directUploads;
        this.streamingOrigin = streaming.origin(settings);
    }

    @GetMapping(path = "/api/v2/instance", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> v2() {
        return ordered(
                "domain", settings.domain(),
                "title", settings.instanceTitle(),
                "version", VERSION,
                "source_url", SOURCE_URL,
                "description", DESCRIPTION,
                "usage", Map.of("users", Map.of("active_month", usage.counts().activeMonth())),
                "languages", List.of("en"),
                "configuration", configuration(),
                "registrations", Map.of("enabled", true, "approval_required", false, "message", ""),
                "contact", Map.of("email", "", "account", ""),
                "rules", List.of());
    }

    @GetMapping(path = "/api/v1/instance", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> v1() {
        return ordered(
                "uri", settings.domain(),
                "title", settings.instanceTitle(),
                "short_description", DESCRIPTION,
                "description", DESCRIPTION,
                "email", "",
                "version", VERSION,
                "urls", Map.of("streaming_api", streamingOrigin),
                "stats", Map.of("user_count", usage.counts().users(), "status_count",
                        usage.counts().localPosts() + usage.counts().localComments(),
                        "domain_count", 1),
                "languages", List.of("en"),
                "registrations", true,
                "approval_required", false,
                "invites_enabled", false,
                "configuration", configuration(),
                "rules", List.of());
    }

    /** A map in the order written, so documents read as their specifications list the fields. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private Map<String, Object> configuration() {
        return Map.of(
                // Where clients open the streaming API: Mastodon's clients append /api/v1/streaming.
                "urls", Map.of("streaming", streamingOrigin),
                "accounts", Map.of("max_featured_tags", 0, "max_pinned_statuses", 0),
                "statuses", Map.of("max_characters", 2200, "max_media_attachments", 10,
                        "characters_reserved_per_url", 23),
                "media_attachments", Map.of(
                        "supported_mime_types", List.of("image/jpeg", "image/png", "image/webp", "image/gif"),
                        "image_size_limit", 20 * 1024 * 1024,
                        "image_matrix_limit", 50_000_000),
                "polls", Map.of("max_options", 0, "max_characters_per_option", 0,
                        "min_expiration", 0, "max_expiration", 0),
                // Graminsta's own: whether POST /api/graminsta/v1/uploads is on. Mastodon clients ignore it.
                "graminsta", Map.of("direct_uploads", directUploads.enabled()));
    }
}
