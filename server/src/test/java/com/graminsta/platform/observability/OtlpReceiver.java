package com.graminsta.platform.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OTLP/HTTP collector stand-in on a loopback port: it keeps the body of each POST to
 * {@code /v1/traces} (protobuf {@code ExportTraceServiceRequest}s) and answers success.
 */
final class OtlpReceiver implements AutoCloseable {

    record Export(String contentType, byte[] body) {

        boolean contains(byte[] bytes) {
            for (int i = 0; i + bytes.length <= body.length; i++) {
                if (Arrays.equals(body, i, i + bytes.length, bytes, 0, bytes.length)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Export> exports = new LinkedBlockingQueue<>();

    OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", this::receive);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("POST".equals(exchange.getRequestMethod())) {
                exports.add(new Export(exchange.getRequestHeaders().getFirst("Content-Type"), body));
            }
            // An empty ExportTraceServiceResponse: everything accepted.
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** The first export that holds {@code bytes}, waiting at most {@code wait} for it. */
    Export awaitContaining(byte[] bytes, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Export export = exports.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (export == null) {
                throw new AssertionError("No span of the trace arrived within " + wait);
            }
            if (export.contains(bytes)) {
                return export;
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
