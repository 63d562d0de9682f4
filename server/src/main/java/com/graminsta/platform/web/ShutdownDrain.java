package com.graminsta.platform.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first step of a graceful stop behind a load balancer: on SIGTERM the instance reports
 * not-ready at /actuator/health/readiness but keeps serving for {@code graminsta.shutdown.drain}
 * (GRAMINSTA_SHUTDOWN_DRAIN), so that health checks and Kubernetes endpoints take it out of
 * rotation before it stops accepting connections. Meanwhile every response closes its connection
 * ({@link DrainFilter}): a load balancer then holds no idle connection to this instance that it
 * could send a request on just as the instance closes it — a race that loses a POST, which
 * cannot safely be sent again. Once the drain is over, new connections are refused, which any
 * load balancer retries elsewhere, and the web server's graceful shutdown finishes the requests
 * in flight. Zero (the default) skips the wait, for a single instance.
 */
@Component
class ShutdownDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

    private final ApplicationEventPublisher events;
    private final Duration drain;
    private volatile boolean running;
    private volatile boolean draining;

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
        draining = true;
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

    boolean draining() {
        return draining;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops first of all: before the job workers, which may take a while to finish their jobs,
     * and before the web server's graceful shutdown, which stops accepting connections.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    /** While draining, asks every client (the load balancer) to close the connection after the response. */
    @Component
    static class DrainFilter extends OncePerRequestFilter {

        private final ShutdownDrain drain;

        DrainFilter(ShutdownDrain drain) {
            this.drain = drain;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (drain.draining()) {
                response.setHeader(HttpHeaders.CONNECTION, "close");
            }
            chain.doFilter(request, response);
        }
    }
}
