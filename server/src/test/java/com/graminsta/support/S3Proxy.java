package com.graminsta.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * s3proxy, the S3-compatible server, as a process of its own on a free loopback port with a
 * folder for its buckets: the real S3 protocol, signatures and ACLs, and an outage is a real
 * stopped process. It can be stopped and started again on the same port, keeping its objects.
 * The jar is put in place by the build (see s3proxy.version in pom.xml).
 */
public final class S3Proxy {

    public static final String ACCESS_KEY = "graminsta-test";
    public static final String SECRET_KEY = "graminsta-test-secret";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private static S3Proxy shared;

    private final Path jar;
    private final Path folder;
    private final int port;
    private Process process;

    private S3Proxy(Path jar, Path folder, int port) {
        this.jar = jar;
        this.folder = folder;
        this.port = port;
    }

    /** One s3proxy for the whole test run, started on first use and stopped when the JVM exits. */
    public static synchronized S3Proxy shared() {
        if (shared == null) {
            S3Proxy proxy = create();
            proxy.start();
            Runtime.getRuntime().addShutdownHook(new Thread(proxy::destroy));
            shared = proxy;
        }
        return shared;
    }

    private static S3Proxy create() {
        Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No s3proxy at " + jar + "; the Maven build copies it there (process-test-resources)");
        }
        try {
            return new S3Proxy(jar, Files.createTempDirectory("graminsta-s3proxy"), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            Path properties = folder.resolve("s3proxy.properties");
            Path buckets = Files.createDirectories(folder.resolve("buckets"));
            Files.writeString(properties, """
                    s3proxy.endpoint=%s
                    s3proxy.authorization=aws-v2-or-v4
                    s3proxy.identity=%s
                    s3proxy.credential=%s
                    s3proxy.cors-allow-origins=*
                    s3proxy.cors-allow-methods=GET PUT HEAD
                    s3proxy.cors-allow-headers=*
                    jclouds.provider=filesystem
                    jclouds.filesystem.basedir=%s
                    """.formatted(endpoint(), ACCESS_KEY, SECRET_KEY, buckets));
            process = new ProcessBuilder(javaCommand(), "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("s3proxy.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitListening();
    }

    /** Stops the process, as an outage would; objects stay on disk for the next start. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        process = null;
    }

    private void destroy() {
        stop();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; the OS cleans it up in the end
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited at start; see " + folder.resolve("s3proxy.log"));
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not listen within " + STARTUP + "; see " + folder.resolve("s3proxy.log"));
                }
                sleep(100);
            }
        }
    }

    /** The same java as this test JVM's. */
    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
