package com.graminsta.platform.observability;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code GRAMINSTA_LOG_FORMAT}: {@code text} (the default, for people) or {@code json}, one JSON
 * document a line in Elastic Common Schema for log collectors, through Spring Boot's structured
 * logging; {@code ecs}, {@code logstash} and {@code gelf} pick one of its formats by name. The
 * trace and span ids are in every line either way (the {@code [graminsta,trace,span]} part of a
 * text line; {@code traceId} and {@code spanId} in JSON). Read before logging starts, so the
 * first line is already in the chosen format.
 */
class LogFormat implements EnvironmentPostProcessor {

    static final String SETTING = "graminsta.log-format";
    private static final String STRUCTURED = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = structuredFormat(environment.getProperty(SETTING, "text"));
        if (format != null && !environment.containsProperty(STRUCTURED)) {
            environment.getPropertySources().addLast(new MapPropertySource("graminstaLogFormat", Map.of(STRUCTURED, format)));
        }
    }

    /** Spring Boot's name for the structured format, or null for plain text. */
    static String structuredFormat(String setting) {
        return switch (setting.strip().toLowerCase(Locale.ROOT)) {
            case "", "text" -> null;
            case "json", "ecs" -> "ecs";
            case "logstash" -> "logstash";
            case "gelf" -> "gelf";
            default -> throw new IllegalArgumentException(
                    "graminsta.log-format (GRAMINSTA_LOG_FORMAT) is text or json (or ecs, logstash, gelf), not " + setting);
        };
    }
}
