package com.graminsta.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import org.junit.jupiter.api.Test;

class RequestBodyLimitsTests extends IntegrationTest {

    private static final int SIXTY_MB = 60 * 1024 * 1024;

    @Test
    void eachRouteHasItsLimit() {
        assertThat(RequestBodyLimits.limitFor("POST", "/api/v1/apps")).isEqualTo(64 * 1024);
        assertThat(RequestBodyLimits.limitFor("POST", "/api/v1/statuses")).isEqualTo(64 * 1024);
        assertThat(RequestBodyLimits.limitFor("POST", "/api/v2/media")).isEqualTo(21L * 1024 * 1024);
        assertThat(RequestBodyLimits.limitFor("POST", "/api/v1/media/")).isEqualTo(21L * 1024 * 1024);
        assertThat(RequestBodyLimits.limitFor("PATCH", "/api/v1/accounts/update_credentials")).isEqualTo(21L * 1024 * 1024);
        assertThat(RequestBodyLimits.limitFor("PUT", "/api/v1/media/123")).isEqualTo(64 * 1024);
        assertThat(RequestBodyLimits.limitFor("GET", "/api/v2/media")).isEqualTo(64 * 1024);
    }

    @Test
    void aDeclaredOversizeBodyIs413BeforeItIsRead() throws IOException {
        String response = exchange("POST /api/v1/apps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + SIXTY_MB + "\r\n\r\n", false);
        assertThat(response).startsWith("HTTP/1.1 413").contains("\"error\":\"The request body is too large (at most 64 KB)\"");
    }

    @Test
    void aChunkedOversizeJsonBodyIs413AfterTheLimit() throws IOException {
        String response = exchange("POST /api/v1/apps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", true);
        assertThat(response).startsWith("HTTP/1.1 413");
    }

    @Test
    void aChunkedMultipartBodyNeedsALengthOutsideTheUploadEndpoints() throws IOException {
        String response = exchange("POST /api/v1/apps HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", true);
        assertThat(response).startsWith("HTTP/1.1 411");
    }

    @Test
    void formsAreParsedWithinTheLimitForEveryMethod() {
        Api.Response justUnder = api().postForm("/api/v1/apps", null, Api.form("client_name", "x".repeat(60 * 1024),
                "redirect_uris", "urn:ietf:wg:oauth:2.0:oob"));
        assertThat(justUnder.status()).isEqualTo(422);
        assertThat(justUnder.json().get("error").asString()).contains("Name is too long");
        Api.Response over = api().postForm("/api/v1/apps", null, Api.form("client_name", "x".repeat(70 * 1024),
                "redirect_uris", "urn:ietf:wg:oauth:2.0:oob"));
        assertThat(over.status()).isEqualTo(413);

        var user = users().register();
        Api.Response patched = api().send("PATCH", "/api/v1/accounts/update_credentials", user.token(),
                "application/x-www-form-urlencoded", "note=from+a+form".getBytes(StandardCharsets.UTF_8));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("note").asString()).contains("from a form");
    }

    /**
     * The finding: six concurrent 60 MB names took the heap from 675 MB to 1.8 GB. Now twelve at
     * once, declared and chunked, must leave the heap (after a collection) within 32 MB and the
     * process's resident memory within 128 MB of where they found it.
     */
    @Test
    void concurrentOversizeBodiesLeaveMemoryAlone() throws Exception {
        exchange("POST /api/v1/apps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n", false);
        long heapBefore = heapAfterCollection();
        long rssBefore = residentBytes();
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(clients.submit(() -> exchange("POST /api/v1/apps HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + SIXTY_MB + "\r\n\r\n", false)));
                answers.add(clients.submit(() -> exchange("POST /api/v1/apps HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", true)));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).startsWith("HTTP/1.1 413");
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(heapAfterCollection() - heapBefore).isLessThan(32L * 1024 * 1024);
        assertThat(residentBytes() - rssBefore).isLessThan(128L * 1024 * 1024);
    }

    /**
     * Sends the head, then the body in pieces until the server answers or closes: the server must
     * answer long before 60 MB. The body is a JSON string {"client_name":"xxxx...
     */
    private String exchange(String head, boolean chunked) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] piece = new byte[16 * 1024];
            Arrays.fill(piece, (byte) 'x');
            byte[] first = piece.clone();
            byte[] start = "{\"client_name\":\"".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(start, 0, first, 0, start.length);
            InputStream in = socket.getInputStream();
            int sent = 0;
            try {
                while (sent < SIXTY_MB && in.available() == 0) {
                    byte[] next = sent == 0 ? first : piece;
                    if (chunked) {
                        out.write((Integer.toHexString(next.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(next);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        out.write(next);
                    }
                    out.flush();
                    sent += piece.length;
                    if (sent == 256 * 1024) {
                        // Give the server time to answer before more is sent.
                        waitForAnswer(in);
                    }
                }
            } catch (IOException closedByTheServer) {
                // Expected: the server stopped reading.
            }
            assertThat(sent).isLessThan(SIXTY_MB);
            byte[] answer = new byte[4096];
            int n = in.read(answer);
            return n <= 0 ? "" : new String(answer, 0, n, StandardCharsets.UTF_8);
        }
    }

    private static void waitForAnswer(InputStream in) throws IOException {
        for (int i = 0; i < 100 && in.available() == 0; i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long heapAfterCollection() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS");
    }
}
