package com.graminsta.platform.observability;

import java.util.Locale;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Spans are made by Spring Boot's OpenTelemetry tracing (every request, through Micrometer's
 * observations); what is chosen here is whether they go anywhere. With an OTLP endpoint
 * ({@code GRAMINSTA_TRACING_OTLP_ENDPOINT}, Spring Boot's
 * {@code management.opentelemetry.tracing.export.otlp.*} settings) a share of the traces is
 * recorded and sent; without one none is recorded, yet every request still has a trace id, for
 * its response header and its log lines.
 *
 * <p>Chosen here in code, not by Spring Boot's own OTLP auto-configuration (excluded in
 * application.yml): that one creates its exporter under a condition on the endpoint property,
 * which Spring AOT would fix at build time (docs/decisions/0015, 0032).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OtlpTracingProperties.class)
class Tracing {

    private static final Logger log = LoggerFactory.getLogger(Tracing.class);

    /** After Spring's observation filter (which starts the request's span), before everything else. */
    static final int TRACE_HEADER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    @Bean
    SpanExporter traceExporter(OtlpTracingProperties otlp) {
        if (!exporting(otlp)) {
            return SpanExporter.composite();
        }
        log.info("Exporting a share of the traces by OTLP ({}) to {}",
                otlp.getTransport().name().toLowerCase(Locale.ROOT), otlp.getEndpoint());
        return otlp.getTransport() == Transport.GRPC ? grpc(otlp) : http(otlp);
    }

    /**
     * Parent-based: a request whose {@code traceparent} says sampled (a proxy decided) is recorded,
     * one that says not sampled is not, and a new trace is recorded with the configured probability
     * ({@code GRAMINSTA_TRACING_SAMPLING}). Without an exporter nothing is recorded: the span is
     * only its ids.
     */
    @Bean
    Sampler traceSampler(OtlpTracingProperties otlp, TracingProperties tracing) {
        if (!exporting(otlp)) {
            return Sampler.alwaysOff();
        }
        return Sampler.parentBased(Sampler.traceIdRatioBased(tracing.getSampling().getProbability()));
    }

    @Bean
    FilterRegistrationBean<TraceResponseHeader> traceResponseHeader(Tracer tracer, Propagator propagator) {
        FilterRegistrationBean<TraceResponseHeader> registration =
                new FilterRegistrationBean<>(new TraceResponseHeader(tracer, propagator));
        registration.setOrder(TRACE_HEADER_ORDER);
        return registration;
    }

    private static boolean exporting(OtlpTracingProperties otlp) {
        return otlp.getEndpoint() != null && !otlp.getEndpoint().isBlank();
    }

    private static SpanExporter http(OtlpTracingProperties otlp) {
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
                .setEndpoint(otlp.getEndpoint())
                .setTimeout(otlp.getTimeout())
                .setConnectTimeout(otlp.getConnectTimeout())
                .setCompression(otlp.getCompression().name().toLowerCase(Locale.ROOT));
        otlp.getHeaders().forEach(builder::addHeader);
        return builder.build();
    }

    private static SpanExporter grpc(OtlpTracingProperties otlp) {
        OtlpGrpcSpanExporterBuilder builder = OtlpGrpcSpanExporter.builder()
                .setEndpoint(otlp.getEndpoint())
                .setTimeout(otlp.getTimeout())
                .setConnectTimeout(otlp.getConnectTimeout())
                .setCompression(otlp.getCompression().name().toLowerCase(Locale.ROOT));
        otlp.getHeaders().forEach(builder::addHeader);
        return builder.build();
    }
}
