package com.graminsta.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own (Debian's binary), for faults the shared Redis must not suffer:
 * stopped, restarted on the same port, or made to sleep. It saves to disk only when told
 * ({@code SAVE}), and a restart loads what was saved. The port is
 * free one from {@code GRAMINSTA_TEST_REDIS_PORTS} ({@code low-high}) when set, else one the
 * system gives.
 */
public final class RedisProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final int port;
    private final Path folder;
    private final List<String> settings;
    private Process process;

    private RedisProcess(int port, Path folder, List<String> settings) {
        this.port = port;
        this.folder = folder;
        this.settings = settings;
    }

    /** @param settings more redis-server options, such as {@code --cluster-enabled yes} */
    public static RedisProcess start(String... settings) {
        try {
            RedisProcess redis = new RedisProcess(freePort(), Files.createTempDirectory("graminsta-redis"), List.of(settings));
            redis.restart();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it again on the same port, with what it last saved. */
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--dir", folder.toString(), "--save", "", "--appendonly", "no", "--enable-debug-command", "yes", "--loglevel", "warning"));
        command.addAll(settings);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Tests need Debian's redis-server on the PATH (apt-get install redis-server)", e);
        }
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!"+PONG".equals(command("PING"))) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                stop();
                throw new IllegalStateException("redis-server did not start on port " + port);
            }
            pause(20);
        }
    }

    /** Kills it, as a crash does. */
    public synchronized void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends one inline command and returns the first line of the answer, or null if none came. */
    public String command(String line) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\r'; b = in.read()) {
                answer.append((char) b);
            }
            return answer.toString();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; the system cleans up what is left
        }
    }

    private static int freePort() {
        String range = System.getenv("GRAMINSTA_TEST_REDIS_PORTS");
        if (range == null || range.isBlank()) {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String[] bounds = range.strip().split("-");
        for (int port = Integer.parseInt(bounds[0]); port <= Integer.parseInt(bounds[1]); port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // the next one
            }
        }
        throw new IllegalStateException("No free port in GRAMINSTA_TEST_REDIS_PORTS=" + range);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
