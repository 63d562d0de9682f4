package com.graminsta.streaming;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The open connections of this process: kept alive while idle, counted, and closed with "going
 * away" when the instance stops, after its drain and before the web server waits for requests to
 * end (an event stream never ends by itself).
 */
@Component
class Connections implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Connections.class);

    private final Set<StreamConnection> open = ConcurrentHashMap.newKeySet();
    private final StreamingSettings settings;
    private ScheduledExecutorService keepAlive;
    private volatile boolean running;

    Connections(StreamingSettings settings, MeterRegistry meters) {
        this.settings = settings;
        Gauge.builder("graminsta.streaming.connections", open, Set::size)
                .description("Open streaming connections, WebSocket and event streams")
                .register(meters);
    }

    void opened(StreamConnection connection) {
        open.add(connection);
        connection.open();
    }

    void ended(StreamConnection connection) {
        open.remove(connection);
        connection.ended();
    }

    @Override
    public void start() {
        keepAlive = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("streaming-keep-alive").factory());
        schedule(StreamConnection::thump, settings.heartbeat().toMillis());
        schedule(StreamConnection::ping, settings.ping().toMillis());
        running = true;
    }

    private void schedule(Consumer<StreamConnection> task, long everyMillis) {
        keepAlive.scheduleWithFixedDelay(() -> open.forEach(connection -> {
            try {
                task.accept(connection);
            } catch (RuntimeException e) {
                log.debug("Keep-alive failed; the connection ends", e);
                connection.close();
            }
        }), everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        open.forEach(StreamConnection::goingAway);
        if (keepAlive != null) {
            keepAlive.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the drain (ShutdownDrain, the default phase), before the web server's graceful shutdown. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }
}
