package com.graminsta.platform.web;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;

/**
 * A response body already written as JSON, answered byte for byte by {@link RenderedJsonConverter}
 * instead of by Jackson. For an entity that is read far more often than it changes (a profile):
 * written once per version and kept, rather than written on every request.
 *
 * @param <T> the type that was written, which the API description shows as the response
 */
public final class RenderedJson<T> {

    private final byte[] bytes;

    private RenderedJson(byte[] bytes) {
        this.bytes = bytes;
    }

    /** {@code value} as the API's JSON mapper (the one Spring MVC writes responses with) writes it. */
    public static <T> RenderedJson<T> of(T value, JsonMapper json) {
        return new RenderedJson<>(json.writeValueAsBytes(value));
    }

    int length() {
        return bytes.length;
    }

    /** The bytes themselves, not a copy: they are written out, never changed. */
    byte[] bytes() {
        return bytes;
    }

    /** The JSON as text. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
