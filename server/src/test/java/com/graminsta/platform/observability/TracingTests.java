package com.graminsta.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Every response names its trace in {@code traceparent}, continuing the caller's when it sent
 * one, and the request's log lines carry the same trace id. Without an OTLP endpoint (the
 * default here) there is no exporter and nothing is recorded.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingTests extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void everyResponseNamesANewTraceOfItsOwn() {
        Api.Response first = api().get("/api/v1/instance", null);
        Api.Response second = api().get("/api/v1/instance", null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(Traceparent.of(first).traceId()).isNotEqualTo(Traceparent.of(second).traceId());
    }

    @Test
    void errorsAndRefusalsNameTheirTraceToo() {
        assertThat(Traceparent.of(api().get("/api/v1/accounts/verify_credentials", null))).isNotNull();
        Api.Response missing = api().get("/api/v1/statuses/1", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(Traceparent.of(missing)).isNotNull();
    }

    @Test
    void anIncomingTraceparentContinuesTheCallersTrace() {
        Traceparent caller = Traceparent.random(true);
        Traceparent answered = Traceparent.of(caller.get(api(), "/api/v1/instance"));
        assertThat(answered.traceId()).isEqualTo(caller.traceId());
        assertThat(answered.spanId()).as("the server's own span").isNotEqualTo(caller.spanId());
    }

    @Test
    void withoutAnEndpointNoSpanIsExportedOrRecorded() {
        assertThat(context.getBeansOfType(SpanExporter.class).values())
                .noneMatch(exporter -> exporter instanceof OtlpHttpSpanExporter || exporter instanceof OtlpGrpcSpanExporter);
        // Even a caller's sampled trace is not recorded: nothing would receive it.
        assertThat(Traceparent.of(Traceparent.random(true).get(api(), "/api/v1/instance")).sampled()).isFalse();
    }

    @Test
    void theRequestsLogLinesCarryItsTraceId(CapturedOutput output) {
        Traceparent caller = Traceparent.random(false);
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel(DispatcherServlet.class.getName(), LogLevel.DEBUG);
        try {
            assertThat(caller.get(api(), "/api/v1/instance?traced").status()).isEqualTo(200);
        } finally {
            logging.setLogLevel(DispatcherServlet.class.getName(), null);
        }
        assertThat(output.getOut().lines().filter(line -> line.contains("/api/v1/instance?traced") || line.contains("Completed 200")))
                .isNotEmpty()
                .anySatisfy(line -> assertThat(line).contains("/api/v1/instance").contains(caller.traceId()));
    }
}
