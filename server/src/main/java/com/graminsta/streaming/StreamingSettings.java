package com.graminsta.streaming;

import java.net.URI;
import java.time.Duration;

import com.graminsta.platform.GraminstaSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The streaming API's settings ({@code GRAMINSTA_STREAMING_*}).
 *
 * @param url the origin clients open streams at, as the instance names it in
 *            {@code configuration.urls.streaming}; by default the public URL's, in ws or wss
 * @param heartbeat how often an idle event stream gets a {@code :thump} comment (Mastodon's 15 s)
 * @param ping how often each WebSocket is pinged, so proxies keep it open (Mastodon's 30 s)
 * @param transport {@code local} (one process) or {@code redis} (pub/sub between processes); by
 *                  default redis when Redis is configured
 * @param socketBuffer the size of each connection's read and write buffers in Tomcat; by default
 *                     2 KB in a process of the streaming tier alone, Tomcat's 8 KB otherwise
 *                     ({@link StreamingSocketBuffers})
 */
@ConfigurationProperties("graminsta.streaming")
public record StreamingSettings(
        URI url,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("30s") Duration ping,
        String transport,
        DataSize socketBuffer) {

    /** The streaming origin: the setting, or the public URL's origin in ws (http) or wss (https). */
    public String origin(GraminstaSettings settings) {
        if (url != null) {
            String configured = url.toString();
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        URI publicUrl = settings.publicUrl();
        String scheme = "https".equalsIgnoreCase(publicUrl.getScheme()) ? "wss" : "ws";
        return scheme + "://" + settings.domain();
    }
}
