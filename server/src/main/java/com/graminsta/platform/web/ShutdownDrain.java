package com.graminsta.platform.web;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The first step of a graceful stop behind a load balancer: on SIGTERM the instance reports
 * not-ready at /actuator/health/readiness but keeps serving for {@code graminsta.shutdown.drain}
 * (GRAMINSTA_SHUTDOWN_DRAIN), so that health checks and Kubernetes endpoints take it out of
 * rotation before it stops accepting connections. Then the web server's own graceful shutdown
 * finishes the requests in flight. Zero (the default) skips the wait, for a single instance.
 */
@Component
class ShutdownDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

    private final ApplicationEventPublisher events;
    private final Duration drain;
    private volatile boolean running;

    ShutdownDrain(ApplicationEventPublisher events, @Value("${graminsta.shutdown.drain:0s}") Duration drain) {
        this.events = events;
        this.drain = drain;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        if (!drain.isZero()) {
            log.info("Shutting down: not ready, still serving for {} while load balancers notice", drain);
            try {
                Thread.sleep(drain);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown, which stops accepting connections. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
    }
}
