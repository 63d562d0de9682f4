package com.graminsta.platform.observability;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.graminsta.support.Api;

/** A W3C {@code traceparent} header, version 00: trace id, parent span id, flags (01: sampled). */
record Traceparent(String traceId, String spanId, boolean sampled) {

    private static final Pattern FORMAT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])");

    /** A new trace, as a proxy in front of the server starts one. */
    static Traceparent random(boolean sampled) {
        return new Traceparent(hex(16), hex(8), sampled);
    }

    /** The response's header, which must be a valid one with non-zero ids. */
    static Traceparent of(Api.Response response) {
        String header = response.header("traceparent")
                .orElseThrow(() -> new AssertionError("No traceparent on " + response.status() + " " + response.headers()));
        Matcher matcher = FORMAT.matcher(header);
        if (!matcher.matches() || matcher.group(1).matches("0+") || matcher.group(2).matches("0+")) {
            throw new AssertionError("Not a valid traceparent: " + header);
        }
        return new Traceparent(matcher.group(1), matcher.group(2), matcher.group(3).equals("01"));
    }

    /** A GET with this as its traceparent. */
    Api.Response get(Api api, String path) {
        return api.send("GET", path, null, null, new byte[0], "traceparent", header());
    }

    String header() {
        return "00-" + traceId + "-" + spanId + "-" + (sampled ? "01" : "00");
    }

    byte[] traceIdBytes() {
        return HexFormat.of().parseHex(traceId);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return HexFormat.of().formatHex(random);
    }
}
