package com.graminsta.platform.observability;

import java.io.IOException;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every response names its trace in a W3C {@code traceparent} header (and {@code tracestate}
 * when there is one), so that a client, a proxy's log or a bug report leads to the trace and the
 * log lines of that one request. An incoming {@code traceparent} was already taken up by the
 * observation filter before this one: the trace id answered is then the caller's.
 */
class TraceResponseHeader extends OncePerRequestFilter {

    private final Tracer tracer;
    private final Propagator propagator;

    TraceResponseHeader(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Before the chain: headers cannot be added once a handler has committed the response.
        TraceContext context = tracer.currentTraceContext().context();
        if (context != null) {
            propagator.inject(context, response, HttpServletResponse::setHeader);
        }
        chain.doFilter(request, response);
    }
}
