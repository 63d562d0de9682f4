package com.graminsta.streaming;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

import com.graminsta.platform.redis.Redis;
import com.graminsta.platform.redis.RedisUnavailableException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Channels across processes through Redis pub/sub, as Mastodon's streaming server uses it: every
 * process SUBSCRIBEs once to each channel one of its clients listens to, on one connection of its
 * own, and PUBLISHes what happens to the channel's name (under the deployment's key prefix). A
 * message published while Redis is down is lost, as in Mastodon: clients refetch what they missed
 * through the REST API when they reconnect.
 *
 * <p>Which channels any process listens to is kept in Redis too ({@link RedisChannelRegistry}), so
 * that what no one listens to is not published at all.
 *
 * <p>Redis going away is checked every {@link #CHECK}: while the subscription connection is down
 * the transport is not {@link #ready}, and clients may still connect (their channels are
 * remembered). Once it is back, every channel this process listens to is subscribed again, those
 * first asked for while Redis was down included, and registered again, so that publishers on a
 * Redis that lost its data hear of them at once rather than on the next heartbeat.
 */
class RedisTransport implements StreamTransport, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisTransport.class);

    private static final Duration CHECK = Duration.ofSeconds(1);
    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(2);

    private final Redis redis;
    private final String prefix;
    private final RedisChannelRegistry registry;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("streaming-subscription").factory());
    private volatile BiConsumer<String, String> receiver = (channel, message) -> {
    };
    private StatefulRedisPubSubConnection<String, String> connection;
    /** Every channel is subscribed on the open connection; false until the first check. */
    private volatile boolean subscribed;
    /** This process's channels are in the registry since the subscription last came back. */
    private volatile boolean registered;
    private volatile String down = "not connected yet";

    RedisTransport(Redis redis) {
        this.redis = redis;
        this.prefix = redis.key("");
        this.registry = new RedisChannelRegistry(redis);
        checks.scheduleWithFixedDelay(this::check, 0, CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void deliverTo(BiConsumer<String, String> receiver) {
        this.receiver = receiver;
    }

    /**
     * The subscription connection is open and holds every channel this process listens to, and the
     * registry has them again, so that publishers send what this process's clients wait for.
     */
    @Override
    public boolean ready() {
        return subscribed && registered;
    }

    /** Connects, or notices the connection is down, or subscribes everything again once it is back. */
    synchronized void check() {
        try {
            StatefulRedisPubSubConnection<String, String> open = connection();
            if (!open.isOpen()) {
                lost("the connection is down");
            } else if (!subscribed) {
                subscribeAll(open);
            } else if (!registered) {
                // A Redis that restarted empty lost the registry; its circuit may not let this through yet.
                registered = registry.beat();
            }
        } catch (RedisException | RedisUnavailableException e) {
            lost(e.getMessage());
        } catch (RuntimeException e) {
            lost(e.toString());
        }
    }

    private void subscribeAll(StatefulRedisPubSubConnection<String, String> open) {
        List<String> names = new ArrayList<>();
        names.add(registry.announcements());
        channels.forEach(channel -> names.add(prefix + channel));
        open.async().subscribe(names.toArray(String[]::new)).toCompletableFuture()
                .orTimeout(SUBSCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
        registered = registry.beat();
        if (down != null) {
            log.info("Subscribed to {} streaming channel(s) in Redis{}", names.size() - 1,
                    "not connected yet".equals(down) ? "" : " again");
        }
        down = null;
        subscribed = true;
    }

    private void lost(String why) {
        if (subscribed || down == null) {
            log.warn("The streaming subscription to Redis is down ({}); not ready until it is back", why);
        }
        subscribed = false;
        registered = false;
        down = why;
    }

    private synchronized StatefulRedisPubSubConnection<String, String> connection() {
        if (connection == null) {
            connection = redis.pubSub(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    if (channel.equals(registry.announcements())) {
                        registry.announced();
                    } else if (channel.startsWith(prefix)) {
                        receiver.accept(channel.substring(prefix.length()), message);
                    }
                }
            });
        }
        return connection;
    }

    @Override
    public void publish(String channel, String message) {
        try {
            redis.call(commands -> commands.publish(prefix + channel, message.getBytes(StandardCharsets.UTF_8)));
        } catch (RedisUnavailableException e) {
            log.warn("A streaming event on {} was not published: {}", channel, e.getMessage());
        }
    }

    /**
     * Remembered first: when Redis cannot take it now, the next check subscribes it with the rest
     * (subscribing twice to a channel changes nothing).
     */
    @Override
    public void subscribe(String channel) {
        channels.add(channel);
        registry.add(channel);
        onConnection(open -> open.async().subscribe(prefix + channel));
    }

    @Override
    public void unsubscribe(String channel) {
        channels.remove(channel);
        registry.remove(channel);
        onConnection(open -> open.async().unsubscribe(prefix + channel));
    }

    /** Sends a (un)subscribe; one that fails has the next check subscribe everything again. */
    private void onConnection(Function<StatefulRedisPubSubConnection<String, String>, RedisFuture<Void>> command) {
        StatefulRedisPubSubConnection<String, String> open;
        synchronized (this) {
            open = connection;
        }
        if (open == null) {
            return;
        }
        try {
            command.apply(open).exceptionally(failed -> {
                subscribed = false;
                return null;
            });
        } catch (RedisException e) {
            subscribed = false;
        }
    }

    @Override
    public ListenedChannels listened() {
        return registry.listened();
    }

    @Override
    public synchronized void destroy() {
        checks.shutdownNow();
        registry.close();
        if (connection != null) {
            connection.close();
        }
    }
}
