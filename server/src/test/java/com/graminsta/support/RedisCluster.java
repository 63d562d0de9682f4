package com.graminsta.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three primaries (no replicas) from Debian's redis-server and redis-cli,
 * on loopback ports chosen as {@link RedisProcess} chooses them: 16,384 slots over three nodes.
 */
public final class RedisCluster implements AutoCloseable {

    private static final Duration FORMING = Duration.ofSeconds(30);

    private final List<RedisProcess> nodes = new ArrayList<>();

    public RedisCluster() {
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisProcess.start("--cluster-enabled", "yes", "--cluster-node-timeout", "2000"));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes().forEach(create::add);
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(create);
            long deadline = System.nanoTime() + FORMING.toNanos();
            while (!nodes.stream().allMatch(node -> run(List.of("redis-cli", "-p", Integer.toString(node.port()), "cluster", "info"))
                    .contains("cluster_state:ok"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The Redis Cluster did not form");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Each node as {@code host:port}, as {@code GRAMINSTA_REDIS_NODES} lists them. */
    public List<String> nodes() {
        return nodes.stream().map(node -> "127.0.0.1:" + node.port()).toList();
    }

    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("Tests need Debian's redis-cli (package redis-tools)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
