package com.graminsta.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import com.graminsta.platform.Roles;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class StreamingSocketBuffersTests {

    @Test
    void aProcessOfTheStreamingTierAloneGivesEachConnection2KbBuffers() {
        Connector connector = customized(new Roles(List.of("streaming")), null);
        assertThat(connector.getProperty("socket.appReadBufSize")).isEqualTo("2048");
        assertThat(connector.getProperty("socket.appWriteBufSize")).isEqualTo("2048");
    }

    @Test
    void aProcessThatServesTheApiKeepsTomcatsBuffers() {
        Object tomcatsRead = new Connector("HTTP/1.1").getProperty("socket.appReadBufSize");
        assertThat(tomcatsRead).isEqualTo("8192");
        assertThat(customized(Roles.ALL, null).getProperty("socket.appReadBufSize")).isEqualTo(tomcatsRead);
        assertThat(customized(new Roles(List.of("api", "streaming")), null).getProperty("socket.appWriteBufSize"))
                .isEqualTo("8192");
    }

    @Test
    void theSettingWinsInAnyProcess() {
        Connector connector = customized(Roles.ALL, DataSize.ofKilobytes(4));
        assertThat(connector.getProperty("socket.appReadBufSize")).isEqualTo("4096");
        assertThat(connector.getProperty("socket.appWriteBufSize")).isEqualTo("4096");
    }

    @Test
    void aSizeOutsideItsLimitsIsRefusedAtStart() {
        assertThatThrownBy(() -> customized(Roles.ALL, DataSize.ofBytes(511)))
                .hasMessageContaining("512 bytes to 64KB");
        assertThatThrownBy(() -> customized(Roles.ALL, DataSize.ofKilobytes(65)))
                .hasMessageContaining("512 bytes to 64KB");
        assertThat(customized(Roles.ALL, DataSize.ofBytes(512)).getProperty("socket.appReadBufSize")).isEqualTo("512");
    }

    private static Connector customized(Roles roles, DataSize socketBuffer) {
        StreamingSettings settings = new StreamingSettings(null, Duration.ofSeconds(15), Duration.ofSeconds(30), null,
                socketBuffer);
        Connector connector = new Connector("HTTP/1.1");
        new StreamingSocketBuffers(roles, settings).customize(connector);
        return connector;
    }
}
