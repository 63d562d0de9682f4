package com.graminsta.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary with streaming replicas, from Debian's binaries ({@code /usr/lib/postgresql}),
 * each its own cluster in a temporary folder on a free loopback port: the replicas are cloned with
 * {@code pg_basebackup -R} and replay the primary's log as in production. A replica can be
 * delayed ({@code recovery_min_apply_delay}), killed and started again. Run as root, the servers
 * run as the postgres user, which PostgreSQL requires.
 */
public final class ReplicatedPostgres implements AutoCloseable {

    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(90);

    private final Path folder;
    private final Path bin;
    private final Node primary;
    private final List<Node> replicas = new ArrayList<>();

    private record Node(String name, Path data, int port) {
    }

    private ReplicatedPostgres(Path folder, Path bin, int port) {
        this.folder = folder;
        this.bin = bin;
        this.primary = new Node("primary", folder.resolve("primary"), port);
    }

    /** A primary and {@code replicaCount} replicas, all running, with a database {@code graminsta}. */
    public static ReplicatedPostgres start(int replicaCount) {
        try {
            Path folder = Files.createTempDirectory("graminsta-replicated-postgres");
            ReplicatedPostgres cluster = new ReplicatedPostgres(folder, binaries(), freePort());
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
            if (root()) {
                cluster.run("chown", "postgres:", folder.toString());
            }
            cluster.initPrimary();
            for (int i = 1; i <= replicaCount; i++) {
                cluster.addReplica("replica" + i);
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String primaryUrl() {
        return url(primary);
    }

    public List<String> replicaUrls() {
        return replicas.stream().map(ReplicatedPostgres::url).toList();
    }

    public String user() {
        return "postgres";
    }

    /**
     * Waits until every running replica has replayed all the primary has written, then for as
     * long again as {@code settle}: time for a server's health checks to notice.
     */
    public void awaitCaughtUp(Duration settle) {
        String target = query(primary, "SELECT pg_current_wal_lsn()::text");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (Node replica : replicas) {
            while (!"t".equals(query(replica, "SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(replica.name() + " did not replay up to " + target + " within 30 s");
                }
                sleep(Duration.ofMillis(20));
            }
        }
        sleep(settle);
    }

    /** Replays each commit on replica {@code index} (from 0) no sooner than {@code delay} after it. */
    public void delay(int index, Duration delay) {
        Node replica = replicas.get(index);
        execute(replica, "ALTER SYSTEM SET recovery_min_apply_delay = '" + delay.toMillis() + "ms'");
        execute(replica, "SELECT pg_reload_conf()");
        // The reload only signals: the replica's startup process takes the new delay when it next
        // looks, and a commit replayed before that is not delayed.
        sleep(Duration.ofMillis(300));
    }

    /** Stops replica {@code index} at once, as a crash does: its connections break mid-query. */
    public void kill(int index) {
        pgCtl("-D", replicas.get(index).data().toString(), "-m", "immediate", "-w", "stop");
    }

    public void startReplica(int index) {
        startServer(replicas.get(index), "-c hot_standby_feedback=on");
    }

    /** Stops the primary at once, as a crash does; the replicas keep serving reads. */
    public void killPrimary() {
        pgCtl("-D", primary.data().toString(), "-m", "immediate", "-w", "stop");
    }

    public void startPrimary() {
        startServer(primary, "");
    }

    /** Runs SQL on the primary, as the superuser. */
    public void executeOnPrimary(String sql) {
        execute(primary, sql);
    }

    private void initPrimary() {
        run(bin.resolve("initdb").toString(), "-D", primary.data().toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--locale=C.UTF-8");
        startServer(primary, "");
        execute(primary, "CREATE DATABASE graminsta");
    }

    private void addReplica(String name) {
        Node replica = new Node(name, folder.resolve(name), freePort());
        run(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", Integer.toString(primary.port()),
                "-U", "postgres", "-D", replica.data().toString(), "-R", "-X", "stream", "-c", "fast");
        replicas.add(replica);
        startServer(replica, "-c hot_standby_feedback=on");
    }

    private void startServer(Node node, String extra) {
        // Throwaway data: no fsync. The socket in our folder, not the system's.
        pgCtl("-D", node.data().toString(), "-l", folder.resolve(node.name() + ".log").toString(), "-w", "-t", "60",
                "-o", "-p " + node.port() + " -c listen_addresses=127.0.0.1 -k " + folder + " -c fsync=off"
                        + " -c max_connections=100 -c cluster_name=" + node.name() + " " + extra,
                "start");
    }

    private void pgCtl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString()));
        command.addAll(List.of(arguments));
        run(command.toArray(String[]::new));
    }

    private static String url(Node node) {
        return "jdbc:postgresql://127.0.0.1:" + node.port() + "/graminsta";
    }

    private static void execute(Node node, String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + node.port() + "/postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(node.name() + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    private static String query(Node node, String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + node.port() + "/postgres", "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(node.name() + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command (as the postgres user when we are root) and waits for it. */
    private void run(String... command) {
        List<String> full = new ArrayList<>();
        if (root() && !command[0].equals("chown")) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        try {
            Path log = folder.resolve("commands.log");
            Process process = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish within " + COMMAND_LIMIT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        for (Node node : replicas) {
            stopQuietly(node);
        }
        stopQuietly(primary);
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // A temporary folder; the system cleans up what is left.
        }
    }

    private void stopQuietly(Node node) {
        try {
            if (Files.exists(node.data().resolve("postmaster.pid"))) {
                pgCtl("-D", node.data().toString(), "-m", "immediate", "-w", "stop");
            }
        } catch (RuntimeException e) {
            // Already stopped.
        }
    }

    private static Path binaries() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(dir -> Files.isExecutable(dir.resolve("initdb")))
                    .max(Comparator.comparing(dir -> Integer.parseInt(dir.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL under /usr/lib/postgresql: install Debian's postgresql"));
        } catch (IOException e) {
            throw new IOException("Replica tests need Debian's PostgreSQL binaries under /usr/lib/postgresql", e);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
