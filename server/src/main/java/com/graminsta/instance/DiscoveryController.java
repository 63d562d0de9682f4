package com.graminsta.instance;

import static com.graminsta.instance.InstanceController.ordered;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.graminsta.platform.GraminstaSettings;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The documents other software reads to learn what this server is: NodeInfo 2.0 (the software,
 * its version and its usage) and host-meta. Static or from {@link Usage}'s cached counts, so they
 * cost the database nothing per request; any origin may read them (platform.web.AnyOriginReads).
 */
@RestController
class DiscoveryController {

    static final String NODEINFO_20 = "http://nodeinfo.diaspora.software/ns/schema/2.0";
    static final MediaType NODEINFO_TYPE = MediaType.parseMediaType(
            "application/json; profile=\"" + NODEINFO_20 + "#\"");
    static final MediaType XRD = MediaType.parseMediaType("application/xrd+xml; charset=utf-8");
    static final MediaType JRD = MediaType.parseMediaType("application/jrd+json; charset=utf-8");

    private final GraminstaSettings settings;
    private final Usage usage;

    DiscoveryController(GraminstaSettings settings, Usage usage) {
        this.settings = settings;
        this.usage = usage;
    }

    @GetMapping(path = "/.well-known/nodeinfo", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> nodeinfoLinks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofDays(3)).cachePublic())
                .body(Map.of("links", List.of(Map.of("rel", NODEINFO_20, "href", settings.url("/nodeinfo/2.0")))));
    }

    /**
     * NodeInfo 2.0. {@code protocols} is empty: Graminsta speaks no federation protocol, and naming
     * one would send other servers' deliveries here. {@code metadata.upstream} says which API it
     * follows, which clients such as megalodon read to pick their Mastodon adapter.
     */
    @GetMapping(path = "/nodeinfo/2.0")
    ResponseEntity<Map<String, Object>> nodeinfo() {
        Usage.Counts counts = usage.counts();
        Map<String, Object> document = ordered(
                "version", "2.0",
                "software", ordered("name", "graminsta", "version", InstanceController.GRAMINSTA_VERSION),
                "protocols", List.of(),
                "services", ordered("inbound", List.of(), "outbound", List.of()),
                "usage", ordered(
                        "users", ordered("total", counts.users(), "activeMonth", counts.activeMonth(),
                                "activeHalfyear", counts.activeHalfyear()),
                        "localPosts", counts.localPosts(),
                        "localComments", counts.localComments()),
                "openRegistrations", true,
                "metadata", ordered(
                        "nodeName", settings.instanceTitle(),
                        "nodeDescription", InstanceController.DESCRIPTION,
                        "upstream", ordered("name", "mastodon", "version", InstanceController.MASTODON_VERSION),
                        "repository", InstanceController.SOURCE_URL));
        return ResponseEntity.ok()
                .contentType(NODEINFO_TYPE)
                .cacheControl(CacheControl.maxAge(Usage.MAX_AGE).cachePublic())
                .body(document);
    }

    /**
     * host-meta (RFC 6415) names where WebFinger answers, as Mastodon's does: XRD by default, JRD
     * for {@code host-meta.json}, {@code ?format=json} or a client that asks for JSON and not XML.
     */
    @GetMapping(path = {"/.well-known/host-meta", "/.well-known/host-meta.json"})
    ResponseEntity<String> hostMeta(@RequestParam(required = false) String format,
                                    @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
                                    HttpServletRequest request) {
        boolean json = request.getRequestURI().endsWith(".json") || "json".equals(format)
                || (accept != null && accept.contains("json") && !accept.contains("xml"));
        if (json) {
            return ResponseEntity.ok().contentType(JRD).cacheControl(longLived()).body(hostMetaJson());
        }
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">
                  <Link rel="lrdd" template="%s"/>
                </XRD>
                """.formatted(webfingerTemplate().replace("&", "&amp;").replace("\"", "&quot;"));
        return ResponseEntity.ok().contentType(XRD).cacheControl(longLived()).body(xml);
    }

    private String hostMetaJson() {
        return "{\"links\":[{\"rel\":\"lrdd\",\"template\":\"" + webfingerTemplate().replace("\"", "\\\"") + "\"}]}";
    }

    private String webfingerTemplate() {
        return settings.url("/.well-known/webfinger") + "?resource={uri}";
    }

    private static CacheControl longLived() {
        return CacheControl.maxAge(Duration.ofDays(3)).cachePublic();
    }
}
