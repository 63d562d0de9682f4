package com.graminsta.platform.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request body has a limit, checked before anything reads it: 64 KB for JSON and forms,
 * which is far more than any field needs, and the documented media limits where photos arrive.
 * A declared Content-Length over the limit is a 413 at once; a body without one (chunked) is
 * counted as it is read, and a multipart body must declare its length except on the upload
 * endpoints, whose parts the multipart limits bound. Form bodies are parsed by Tomcat for every
 * method, within the same 64 KB ({@code server.tomcat.max-http-form-post-size}), and here, before
 * anything else asks for a parameter, so that a malformed one is a 400.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestBodyLimits extends OncePerRequestFilter {

    static final long DEFAULT_BYTES = 64 * 1024;
    /** A 20 MB photo and its form fields: spring.servlet.multipart.max-request-size. */
    static final long UPLOAD_BYTES = 21L * 1024 * 1024;

    /** The largest body this request may carry. */
    static long limitFor(String method, String path) {
        String route = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return isUpload(method, route) ? UPLOAD_BYTES : DEFAULT_BYTES;
    }

    /** Photos (POST /api/v1/media, /api/v2/media) and a profile's avatar and header (10 MB each). */
    private static boolean isUpload(String method, String route) {
        return switch (method) {
            case "POST" -> route.equals("/api/v1/media") || route.equals("/api/v2/media");
            case "PATCH", "PUT" -> route.equals("/api/v1/accounts/update_credentials");
            default -> false;
        };
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        long limit = limitFor(method, request.getRequestURI());
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(response, HttpStatus.PAYLOAD_TOO_LARGE, "The request body is too large (at most " + describe(limit) + ")");
            return;
        }
        if (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            String type = request.getContentType();
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/") && limit == DEFAULT_BYTES) {
                refuse(response, HttpStatus.LENGTH_REQUIRED, "A multipart body needs a Content-Length here");
                return;
            }
            request = new Counted(request, limit);
        }
        if (!parametersParse(request)) {
            refuse(response, HttpStatus.BAD_REQUEST, "Malformed parameters");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Tomcat parses the query string and form bodies on first use and throws on bad encodings
     * ({@code %zz}, invalid UTF-8); parsed here, first, a bad one is a 400 wherever it would have
     * been read, in a security filter as much as in a controller.
     */
    private static boolean parametersParse(HttpServletRequest request) {
        String type = request.getContentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return true;  // the multipart resolver reads those parts, and answers their faults itself
        }
        try {
            request.getParameterMap();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static void refuse(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        // The unread body is not worth reading: the connection closes after this answer.
        response.setHeader(HttpHeaders.CONNECTION, "close");
        ApiErrors.write(response, status, message);
    }

    private static String describe(long bytes) {
        return bytes >= 1024 * 1024 ? bytes / (1024 * 1024) + " MB" : bytes / 1024 + " KB";
    }

    /** Raised while a body of unknown length is read past its limit; answered with 413. */
    static final class BodyTooLargeException extends RuntimeException {

        BodyTooLargeException(long limit) {
            super("The request body is too large (at most " + describe(limit) + ")");
        }
    }

    /** A request whose body stream stops with {@link BodyTooLargeException} past the limit. */
    private static final class Counted extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Counted(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        CountingStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
