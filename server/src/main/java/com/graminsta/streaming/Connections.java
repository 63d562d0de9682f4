package com.graminsta.streaming;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.graminsta.platform.web.OutOfRotation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The open connections of this process: kept alive while idle, counted, and closed with "going
 * away" (WebSocket close code 1001; an event stream's response ends) when the instance stops:
 * half-way through its drain, once load balancers send new connections elsewhere
 * ({@link OutOfRotation}), so clients reconnect to another instance, and again, for any opened
 * since, before the web server waits for requests to end (an event stream never ends by itself).
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

    @EventListener
    void outOfRotation(OutOfRotation event) {
        if (!open.isEmpty()) {
            log.info("Out of rotation: telling {} streaming connection(s) to reconnect elsewhere", open.size());
        }
        open.forEach(StreamConnection::goingAway);
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
