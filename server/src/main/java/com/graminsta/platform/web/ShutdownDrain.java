package com.graminsta.platform.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first step of a graceful stop behind a load balancer (docs/decisions/0010). On SIGTERM the
 * instance reports not-ready at /actuator/health/readiness but keeps serving for
 * {@code graminsta.shutdown.drain} (GRAMINSTA_SHUTDOWN_DRAIN) before the web server stops
 * accepting connections. Zero (the default) skips the wait, for a single instance.
 *
 * <p>Throughout the drain every response closes its connection ({@link DrainFilter}), so that no
 * balancer is left holding an idle connection that the stopping server would close just as a
 * request is sent on it: the keep-alive race, which loses a POST that cannot safely be sent again.
 *
 * <p>The drain has two halves. In the first the instance serves everything, while balancers that
 * check readiness (HAProxy, Kubernetes) take it out of rotation. In the second it answers the
 * requests any balancer may send elsewhere (GET, HEAD, OPTIONS, PUT, DELETE) with 503: a balancer
 * without active health checks (nginx OSS) resends each to another instance and, having seen the
 * failure, sends this one nothing new for its fail_timeout. Other requests (a POST) are still
 * served. Last, it waits (for at most the drain again) until no connection is open: a request
 * accepted but still waiting for a thread when Tomcat pauses would be dropped unanswered, since
 * Tomcat's graceful shutdown waits only for requests already running. So by the time the
 * listening socket closes, no balancer is sending it new connections and none is left unserved.
 *
 * <p>Half-way, as the instance starts turning requests away, it publishes {@link OutOfRotation}:
 * the streaming API ends its WebSockets ("going away") and event streams then, so their clients
 * reconnect elsewhere and the wait for no open connection is not spent on them.
 */
@Component
class ShutdownDrain implements SmartLifecycle, TomcatConnectorCustomizer {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

    private final ApplicationEventPublisher events;
    private final Duration drain;
    private volatile boolean running;
    private volatile boolean draining;
    private volatile boolean leaving;
    private final List<Connector> connectors = new CopyOnWriteArrayList<>();

    ShutdownDrain(ApplicationEventPublisher events, @Value("${graminsta.shutdown.drain:0s}") Duration drain) {
        this.events = events;
        this.drain = drain;
    }

    @Override
    public void customize(Connector connector) {
        connectors.add(connector);
    }

    /**
     * A context stopped and started again (Spring's test framework pauses the contexts it caches;
     * {@code ConfigurableApplicationContext.stop()} and {@code start()} do it too) serves again:
     * the drain ends, and the readiness it turned off is back, as Spring Boot reports it only once,
     * when the application is first ready.
     */
    @Override
    public void start() {
        boolean restarting = draining;
        draining = false;
        leaving = false;
        running = true;
        if (restarting) {
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
    }

    /**
     * The drain's connection closing starts the moment the instance reports not-ready, which
     * Spring Boot does as the context begins to close, before the listeners of its closing event
     * and the lifecycle's stop: a response in between must not leave an idle connection either.
     */
    @EventListener
    void onReadinessChange(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
            draining = true;
        }
    }

    @Override
    public void stop() {
        draining = true;
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        if (!drain.isZero()) {
            log.info("Shutting down: not ready, still serving for {} while load balancers notice", drain);
            Duration firstHalf = drain.dividedBy(2);
            sleep(firstHalf);
            leaving = true;
            events.publishEvent(new OutOfRotation());
            sleep(drain.minus(firstHalf));
            awaitNoConnections(drain);
        } else {
            events.publishEvent(new OutOfRotation());
        }
        running = false;
    }

    private void awaitNoConnections(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        long open;
        while ((open = openConnections()) > 0 && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(20));
        }
        if (open > 0) {
            log.info("Drained; {} connection(s) still open", open);
        }
    }

    private long openConnections() {
        long open = 0;
        for (Connector connector : connectors) {
            if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                // Tomcat counts a connection as soon as its acceptor waits for one: that one is not open.
                open += Math.max(0, protocol.getConnectionCount() - 1);
            }
        }
        return open;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean draining() {
        return draining;
    }

    boolean leaving() {
        return leaving;
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

    /**
     * While draining, asks every client (the load balancer) to close the connection after the
     * response, and in the drain's second half turns away what a balancer may resend elsewhere.
     * First of all filters, so that a response made by a later one (Spring Security's 401) closes
     * its connection too.
     */
    @Component
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class DrainFilter extends OncePerRequestFilter {

        /** What HTTP load balancers resend to another instance after it reached one (RFC 9110 idempotent methods). */
        private static final Set<String> SAFE_TO_RESEND = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

        private final ShutdownDrain drain;

        DrainFilter(ShutdownDrain drain) {
            this.drain = drain;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!drain.draining()) {
                chain.doFilter(request, response);
                return;
            }
            response.setHeader(HttpHeaders.CONNECTION, "close");
            // Probes keep answering truthfully: readiness says 503 by itself, liveness stays 200.
            if (drain.leaving() && SAFE_TO_RESEND.contains(request.getMethod())
                    && !request.getRequestURI().startsWith("/actuator/")) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                ApiErrors.write(response, HttpStatus.SERVICE_UNAVAILABLE, "This server is shutting down; try again");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
