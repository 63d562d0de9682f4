package com.graminsta.platform.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Redis, when one is configured: a single server ({@code GRAMINSTA_REDIS_URL}) or a cluster
 * ({@code GRAMINSTA_REDIS_NODES}, Lettuce's cluster client, which routes each key to the node
 * that holds its slot). A server without Redis never starts Lettuce; one with Redis connects to
 * it, and to every primary of a cluster, before it takes requests ({@link #start}), and one whose
 * Redis is down still starts, and connects on a later command.
 *
 * <p>Every command goes through one circuit breaker and has a short timeout: when Redis is slow
 * or down, callers get {@link RedisUnavailableException} at once and go to the database instead;
 * after a pause the breaker lets a few commands through again, and closes when they succeed.
 * While the connection is down, Lettuce reconnects in the background (every second at most) and
 * refuses commands instead of queueing them.
 */
@Component
public class Redis implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Redis.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration OPEN_CIRCUIT_PAUSE = Duration.ofSeconds(2);
    /** At most this long at start to connect; a Redis down or slow delays the start no more. */
    private static final Duration WARM_UP = Duration.ofSeconds(3);

    private final RedisSettings settings;
    private final MeterRegistry meters;
    private final CircuitBreaker breaker;
    private ClientResources resources;
    private AbstractRedisClient client;
    private StatefulConnection<String, byte[]> connection;
    private volatile RedisClusterCommands<String, byte[]> commands;
    private volatile RedisClusterAsyncCommands<String, byte[]> asyncCommands;
    private volatile boolean running;

    /** One per process; tests make several to play several instances. */
    public Redis(RedisSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
        this.breaker = CircuitBreaker.of("redis", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(OPEN_CIRCUIT_PAUSE)
                .permittedNumberOfCallsInHalfOpenState(5)
                .recordExceptions(RedisException.class)
                .build());
    }

    public boolean configured() {
        return settings.configured();
    }

    /** The key as stored: the deployment's prefix, then {@code name}. */
    public String key(String name) {
        return settings.keyPrefix() + name;
    }

    /**
     * Runs {@code command}, which may issue several Redis commands.
     *
     * @throws RedisUnavailableException when Redis is not configured, fails, is slower than the
     *                                   command timeout, or the circuit is open
     */
    public <T> T call(Function<RedisClusterCommands<String, byte[]>, T> command) {
        return guarded(() -> command.apply(commands()));
    }

    /**
     * Sends the commands {@code batch} makes without waiting for each answer, then waits for
     * them all: one round trip for the lot (Lettuce writes them to each node's connection in turn,
     * a pipeline), where {@link #call} would make one per command. The answers come in order.
     *
     * @throws RedisUnavailableException as {@link #call}, when any of them fails or is slow
     */
    public <T> List<T> callAll(Function<RedisClusterAsyncCommands<String, byte[]>, List<RedisFuture<T>>> batch) {
        return guarded(() -> {
            List<RedisFuture<T>> sent = batch.apply(asyncCommands());
            List<T> answers = new ArrayList<>(sent.size());
            for (RedisFuture<T> future : sent) {
                answers.add(LettuceFutures.awaitOrCancel(future, settings.commandTimeout().toNanos(), TimeUnit.NANOSECONDS));
            }
            return answers;
        });
    }

    /** Runs {@code work} through the circuit breaker, its failures as {@link RedisUnavailableException}. */
    private <T> T guarded(Supplier<T> work) {
        requireConfigured();
        try {
            return breaker.executeSupplier(work);
        } catch (CallNotPermittedException e) {
            throw new RedisUnavailableException("Redis's circuit is open", e, false);
        } catch (RedisCommandTimeoutException e) {
            throw new RedisUnavailableException("Redis was slow: " + e.getMessage(), e, true);
        } catch (RedisException e) {
            throw new RedisUnavailableException("Redis failed: " + e.getMessage(), e, false);
        }
    }

    /**
     * A connection of its own for pub/sub, since a subscribed connection can do nothing else, with
     * the listener that hears its messages. Lettuce reconnects it, and subscribes it again to its
     * channels, on its own. Publishing goes through {@link #call}.
     */
    public synchronized StatefulRedisPubSubConnection<String, String> pubSub(RedisPubSubListener<String, String> listener) {
        requireConfigured();
        commands();
        StatefulRedisPubSubConnection<String, String> pubSub = client instanceof RedisClusterClient cluster
                ? cluster.connectPubSub() : ((RedisClient) client).connectPubSub();
        pubSub.addListener(listener);
        return pubSub;
    }

    private void requireConfigured() {
        if (!configured()) {
            throw new RedisUnavailableException("Redis is not configured (GRAMINSTA_REDIS_URL or GRAMINSTA_REDIS_NODES)", null, false);
        }
    }

    /** CLOSED while Redis answers; OPEN (or HALF_OPEN, testing) while calls go without it. */
    public CircuitBreaker.State circuit() {
        return breaker.getState();
    }

    /**
     * Connects before the web server takes requests, and in a cluster opens the connection to
     * each primary, which Lettuce otherwise opens on the first command for one of its slots: an
     * instance new to Redis then sent the first burst of requests' commands into connections still
     * being made, and they outlasted the command timeout (decision 0017). Outside the circuit
     * breaker: a Redis not there at start does not open it. Gives up after {@link #WARM_UP}.
     */
    @Override
    public void start() {
        running = true;
        if (!configured()) {
            return;
        }
        long deadline = System.nanoTime() + WARM_UP.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                RedisClusterCommands<String, byte[]> ready = commands();
                if (connection instanceof StatefulRedisClusterConnection<String, byte[]> cluster) {
                    cluster.sync().upstream().commands().ping();
                } else {
                    ready.ping();
                }
                log.info("Connected to Redis{} (attempt {})", settings.cluster() ? " and each primary of its cluster" : "", attempt);
                return;
            } catch (RedisException e) {
                if (System.nanoTime() > deadline) {
                    log.warn("Could not connect to Redis at start ({}); the server starts without it and connects later", e.getMessage());
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server starts (Spring Boot starts it at {@code DEFAULT_PHASE - 2048}), and so stopped after it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private RedisClusterCommands<String, byte[]> commands() {
        RedisClusterCommands<String, byte[]> ready = commands;
        return ready != null ? ready : connect();
    }

    /** The connection's asynchronous commands, which {@link #connect} sets with the synchronous ones. */
    private RedisClusterAsyncCommands<String, byte[]> asyncCommands() {
        commands();
        return asyncCommands;
    }

    private synchronized RedisClusterCommands<String, byte[]> connect() {
        if (commands != null) {
            return commands;
        }
        if (client == null) {
            resources = ClientResources.builder()
                    .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                    .build();
            client = settings.cluster() ? clusterClient() : standaloneClient();
            Gauge.builder("graminsta.redis.circuit.open", breaker, b -> b.getState() == CircuitBreaker.State.CLOSED ? 0 : 1)
                    .description("1 while calls to Redis are kept out by the circuit breaker (open or testing)")
                    .register(meters);
        }
        if (client instanceof RedisClusterClient cluster) {
            var clusterConnection = cluster.connect(CODEC);
            connection = clusterConnection;
            asyncCommands = clusterConnection.async();
            commands = clusterConnection.sync();
        } else {
            var standalone = ((RedisClient) client).connect(CODEC);
            connection = standalone;
            asyncCommands = standalone.async();
            commands = standalone.sync();
        }
        return commands;
    }

    private RedisClient standaloneClient() {
        RedisClient standalone = RedisClient.create(resources, uri(settings.url()));
        standalone.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return standalone;
    }

    private RedisClusterClient clusterClient() {
        List<RedisURI> nodes = settings.nodes().stream().map(Redis::uri).toList();
        RedisClusterClient cluster = RedisClusterClient.create(resources, nodes);
        cluster.setOptions(ClusterClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // A failover moves slots: learn it from the MOVED answers and every 30 s.
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .build())
                .build());
        return cluster;
    }

    private static RedisURI uri(String address) {
        return RedisURI.create(address.contains("://") ? address : "redis://" + address);
    }

    @Override
    public synchronized void destroy() {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
