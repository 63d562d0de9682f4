package com.graminsta.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.graminsta.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.DispatcherServlet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server set up as a deployment that ships its telemetry: {@code GRAMINSTA_LOG_FORMAT=json}
 * and {@code GRAMINSTA_TRACING_OTLP_ENDPOINT} pointing at a collector (here a stand-in on a
 * loopback port). Each log line is a JSON document with the request's trace id, and a request
 * whose caller sampled its trace reaches the collector as a span of that trace. New traces are
 * sampled with probability 0 here, so that only the test's requests are exported.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {
        "graminsta.log-format=json",
        "management.tracing.sampling.probability=0",
        "management.opentelemetry.tracing.export.schedule-delay=100ms",
})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ShippedTelemetryTests extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OtlpReceiver collector = new OtlpReceiver();

    @DynamicPropertySource
    static void collector(DynamicPropertyRegistry registry) {
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint", collector::endpoint);
    }

    @AfterAll
    static void stopCollectorAndLogTextAgain() {
        collector.close();
        // Logging is set up for the whole JVM: the test classes after this one log text again.
        LoggingSystem logging = LoggingSystem.get(ShippedTelemetryTests.class.getClassLoader());
        logging.cleanUp();
        logging.beforeInitialize();
        logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
    }

    @Test
    void aSampledRequestReachesTheCollectorAsASpanOfItsTrace() throws InterruptedException {
        Traceparent caller = Traceparent.random(true);
        Traceparent answered = Traceparent.of(caller.get(api(), "/api/v1/instance"));
        assertThat(answered.traceId()).isEqualTo(caller.traceId());
        assertThat(answered.sampled()).isTrue();

        OtlpReceiver.Export export = collector.awaitContaining(caller.traceIdBytes(), Duration.ofSeconds(20));
        assertThat(export.contentType()).isEqualTo("application/x-protobuf");
        assertThat(new String(export.body(), StandardCharsets.ISO_8859_1)).contains("/api/v1/instance");
    }

    @Test
    void aRequestTheCallerDidNotSampleIsNotRecorded() {
        Traceparent caller = Traceparent.random(false);
        Traceparent answered = Traceparent.of(caller.get(api(), "/api/v1/instance"));
        assertThat(answered.traceId()).isEqualTo(caller.traceId());
        assertThat(answered.sampled()).isFalse();
    }

    @Test
    void eachLogLineIsAJsonDocumentWithTheRequestsTraceId(CapturedOutput output) {
        Traceparent caller = Traceparent.random(false);
        // What this server logs from here on; earlier output can hold another test context's text
        // lines (the context cache closes one, in text format, as this class's context starts).
        int before = output.getOut().length();
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel(DispatcherServlet.class.getName(), LogLevel.DEBUG);
        try {
            assertThat(caller.get(api(), "/api/v1/instance?json").status()).isEqualTo(200);
        } finally {
            logging.setLogLevel(DispatcherServlet.class.getName(), null);
        }
        List<String> lines = output.getOut().substring(before).lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(json(line)).as(line).isNotNull());
        List<JsonNode> requestLines = lines.stream().map(ShippedTelemetryTests::json)
                .filter(line -> line.path("message").asString("").contains("/api/v1/instance?json"))
                .toList();
        assertThat(requestLines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("traceId").asString()).isEqualTo(caller.traceId());
            assertThat(line.path("log").path("logger").asString()).isEqualTo(DispatcherServlet.class.getName());
        });
    }

    private static JsonNode json(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
