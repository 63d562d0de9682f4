package com.graminsta.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The Redis service the tests share (127.0.0.1:6379, or GRAMINSTA_TEST_REDIS as host:port), as
 * PostgreSQL is shared ({@link TestDatabase}). Each run writes under a key prefix of its own and
 * deletes its keys when it ends, so runs of several people or branches do not meet. When nothing
 * answers there, a throwaway redis-server is started for the run.
 */
public final class TestRedis {

    private static final String SERVER = System.getenv().getOrDefault("GRAMINSTA_TEST_REDIS", "127.0.0.1:6379");
    private static String url;
    private static String prefix;

    private TestRedis() {
    }

    public static synchronized String url() {
        if (url == null) {
            url = answers(SERVER) ? "redis://" + SERVER : throwaway();
        }
        return url;
    }

    private static boolean answers(String server) {
        int colon = server.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1))), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String throwaway() {
        RedisProcess redis = RedisProcess.start();
        Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
        return redis.url();
    }

    /** This run's prefix; everything under it is deleted when the run ends. */
    public static synchronized String keyPrefix() {
        if (prefix == null) {
            prefix = "graminsta-test-" + System.currentTimeMillis() + "-" + ThreadLocalRandom.current().nextInt(1000) + ":";
            String pattern = prefix + "*";
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteKeys(pattern)));
        }
        return prefix;
    }

    private static void deleteKeys(String pattern) {
        RedisClient client = RedisClient.create(url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanIterator<String> keys = ScanIterator.scan(connection.sync(), ScanArgs.Builder.matches(pattern).limit(1000));
            while (keys.hasNext()) {
                connection.sync().del(keys.next());
            }
        } catch (RuntimeException e) {
            // Redis is gone; there is nothing left to delete.
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
