package com.graminsta.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.graminsta.support.Api;
import com.graminsta.support.Instances;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;

/**
 * A stopping streaming instance sends its clients elsewhere: each WebSocket is closed with 1001
 * ("going away") and each event stream's response ends, once the instance is out of its
 * balancers' rotation and before it stops (docs/decisions/0010, 0027).
 */
class StreamingDrainTests {

    @Test
    void aDrainingInstanceClosesItsStreamsAsGoingAwayWhileStillServingThenStops() throws Exception {
        Instances instances = new Instances(1, "--graminsta.roles=streaming,api", "--graminsta.shutdown.drain=4s");
        try {
            Api api = instances.api(0);
            int port = URI.create(api.baseUrl()).getPort();
            TestUser alice = TestUsers.on(api).register();
            try (WebSocketClient socket = WebSocketClient.open(port, "stream=public", alice.token());
                 EventStreamClient events = EventStreamClient.open(port, "/api/v1/streaming/public", alice.token())) {
                assertThat(events.line()).isEqualTo(":)");
                long stopping = System.nanoTime();
                CompletableFuture<Void> stopped = CompletableFuture.runAsync(instances::close);

                assertThat(socket.awaitClose()).isEqualTo(1001);
                assertThat(events.ended(Duration.ofSeconds(5))).isTrue();
                // Half-way through the drain: not ready, still answering, and balancers already send
                // new connections elsewhere; the clients were not kept until the end.
                assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
                assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(503);
                assertThat(stopped).isNotDone();
                // The rest of the drain (and the wait for idle keep-alive connections) as before.
                stopped.get(15, TimeUnit.SECONDS);
            }
        } finally {
            instances.close();
        }
    }

    @Test
    void withoutADrainTheStreamsCloseAsGoingAwayAsTheInstanceStops() {
        try (Instances instances = new Instances(1)) {
            Api api = instances.api(0);
            TestUser bob = TestUsers.on(api).register();
            WebSocketClient socket = WebSocketClient.open(URI.create(api.baseUrl()).getPort(), "stream=user", bob.token());
            instances.close();
            assertThat(socket.awaitClose()).isEqualTo(1001);
            socket.close();
        }
    }
}
