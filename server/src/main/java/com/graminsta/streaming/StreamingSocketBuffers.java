package com.graminsta.streaming;

import com.graminsta.platform.Roles;
import com.graminsta.platform.Roles.Role;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Smaller connection buffers where the connections are streaming sockets. Tomcat gives every open
 * connection a read and a write buffer in the heap, 8 KB each by default, for as long as it is
 * open: with 10,000 sockets that is 160 MB, half of what an open socket held
 * (loadtest/streaming, docs/decisions/0034). A socket reads subscribe messages of under 200 bytes
 * and writes event frames of a few KB, which Tomcat writes in several passes when they do not fit.
 *
 * <p>Tomcat also moves a larger body, an upload or a photo, at most a buffer at a time, so a
 * process that serves the API as well keeps Tomcat's default unless
 * {@code graminsta.streaming.socket-buffer} says otherwise.
 */
@Component
class StreamingSocketBuffers implements TomcatConnectorCustomizer {

    static final DataSize STREAMING_TIER_DEFAULT = DataSize.ofKilobytes(2);
    static final DataSize SMALLEST = DataSize.ofBytes(512);
    static final DataSize LARGEST = DataSize.ofKilobytes(64);

    private final DataSize size;

    StreamingSocketBuffers(Roles roles, StreamingSettings settings) {
        DataSize configured = settings.socketBuffer();
        if (configured != null && (configured.compareTo(SMALLEST) < 0 || configured.compareTo(LARGEST) > 0)) {
            throw new IllegalStateException("graminsta.streaming.socket-buffer (GRAMINSTA_STREAMING_SOCKETBUFFER) is "
                    + SMALLEST.toBytes() + " bytes to " + LARGEST.toKilobytes() + "KB, not " + configured);
        }
        this.size = configured != null ? configured
                : roles.has(Role.STREAMING) && !roles.has(Role.API) ? STREAMING_TIER_DEFAULT : null;
    }

    @Override
    public void customize(Connector connector) {
        if (size == null) {
            return;
        }
        String bytes = Long.toString(size.toBytes());
        connector.setProperty("socket.appReadBufSize", bytes);
        connector.setProperty("socket.appWriteBufSize", bytes);
    }
}
