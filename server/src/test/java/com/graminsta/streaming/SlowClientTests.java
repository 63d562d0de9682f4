package com.graminsta.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.Photos;
import com.graminsta.support.TestUsers.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A WebSocket client that stops reading, on a real socket whose receive window fills: what the
 * server has for it queues only to a bound, and past it the connection is dropped, while a client
 * beside it that reads gets every event in time.
 */
class SlowClientTests extends IntegrationTest {

    /** Events published per round; the reader must have all of a round before the next. */
    private static final int ROUND = 50;
    /** Far more than the bound (1 MB) and the sockets' buffers hold of ~5 KB events. */
    private static final int ROUNDS = 60;
    /**
     * The longest the reader may wait for its next event: well under the bound on a stalled write
     * (10 s), which a delivery that waited on the stalled client would show.
     */
    private static final Duration IN_TIME = Duration.ofSeconds(5);

    @Autowired
    Channels channels;

    @Autowired
    MeterRegistry meters;

    @Test
    void aClientThatStopsReadingIsDroppedAndTheOthersKeepReceivingInTime() throws IOException {
        TestUser author = users().register();
        TestUser reader = users().register();
        TestUser sleeper = users().register();
        Api api = api();
        long status = Long.parseLong(api.postJson("/api/v1/statuses", author.token(), Map.of(
                "status", "A caption long enough to make each event a few kilobytes. ".repeat(36),
                "media_ids", List.of(Photos.processed(api, author)))).json().get("id").asString());

        double before = connections();
        try (WebSocketClient reading = WebSocketClient.open(port, "stream=public", reader.token());
             StalledClient stalled = StalledClient.open(port, "stream=public", sleeper.token())) {
            // The handshake's response goes out before the server counts the connection.
            Awaitility.await("both clients counted").atMost(Duration.ofSeconds(10))
                    .until(() -> connections() >= before + 2);
            double open = connections();
            int rounds = 0;
            while (connections() >= open && rounds < ROUNDS) {
                for (int i = 0; i < ROUND; i++) {
                    channels.publish("timeline:public", ChannelMessage.about(ChannelMessage.STATUS_UPDATE, status));
                }
                for (int i = 0; i < ROUND; i++) {
                    assertThat(reading.next("status.update", IN_TIME)).as("round %d, event %d", rounds, i).isNotNull();
                }
                rounds++;
            }
            Awaitility.await("the stalled client dropped").atMost(Duration.ofSeconds(30))
                    .until(() -> connections() == open - 1);
            assertThat(stalled.unread()).as("bytes the stalled client left unread").isGreaterThan(0);
            assertThat(reading.isClosed()).isFalse();
        }
    }

    private double connections() {
        return meters.get("graminsta.streaming.connections").gauge().value();
    }

    /** A WebSocket opened by hand on a socket with a small receive buffer, never read after the handshake. */
    private static final class StalledClient implements AutoCloseable {

        private final Socket socket;

        private StalledClient(Socket socket) {
            this.socket = socket;
        }

        static StalledClient open(int port, String query, String token) throws IOException {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/streaming?" + query + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = head(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 101");
            return new StalledClient(socket);
        }

        /** The response's head, read a byte at a time so that nothing after it is taken. */
        private static String head(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return head.toString();
        }

        /** What waits in the socket now, read at last. */
        int unread() throws IOException {
            return socket.getInputStream().available();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
