package com.graminsta.platform.web;

import java.io.IOException;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/** Writes a {@link RenderedJson} as it is, with its length; it is never read from a request. */
final class RenderedJsonConverter extends AbstractHttpMessageConverter<RenderedJson<?>> {

    RenderedJsonConverter() {
        super(MediaType.APPLICATION_JSON);
    }

    @Override
    protected boolean supports(Class<?> type) {
        return RenderedJson.class == type;
    }

    @Override
    public boolean canRead(Class<?> type, MediaType mediaType) {
        return false;
    }

    @Override
    protected RenderedJson<?> readInternal(Class<? extends RenderedJson<?>> type, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("A rendered response is never read", input);
    }

    @Override
    protected Long getContentLength(RenderedJson<?> json, MediaType contentType) {
        return (long) json.length();
    }

    @Override
    protected void writeInternal(RenderedJson<?> json, HttpOutputMessage output) throws IOException {
        output.getBody().write(json.bytes());
    }
}
