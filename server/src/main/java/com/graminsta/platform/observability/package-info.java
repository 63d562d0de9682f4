/**
 * Traces and logs: OpenTelemetry spans through Micrometer Tracing, exported by OTLP when an
 * endpoint is configured, the trace on every response and log line, and the log format.
 */
package com.graminsta.platform.observability;
