package com.graminsta.streaming;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BiConsumer;

import com.graminsta.platform.redis.Redis;
import com.graminsta.platform.redis.RedisUnavailableException;
import io.lettuce.core.RedisException;
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
 */
class RedisTransport implements StreamTransport, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisTransport.class);

    private static final Duration RETRY = Duration.ofSeconds(5);

    private final Redis redis;
    private final String prefix;
    private final RedisChannelRegistry registry;
    private volatile BiConsumer<String, String> receiver = (channel, message) -> {
    };
    private StatefulRedisPubSubConnection<String, String> connection;
    private volatile boolean connected;
    /** When {@link #listened} may try again to connect, after it could not (System.nanoTime). */
    private volatile long nextAttempt = System.nanoTime();

    RedisTransport(Redis redis) {
        this.redis = redis;
        this.prefix = redis.key("");
        this.registry = new RedisChannelRegistry(redis);
    }

    @Override
    public void deliverTo(BiConsumer<String, String> receiver) {
        this.receiver = receiver;
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
            connection.async().subscribe(registry.announcements());
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

    @Override
    public void subscribe(String channel) {
        registry.add(channel);
        connection().async().subscribe(prefix + channel);
    }

    @Override
    public void unsubscribe(String channel) {
        registry.remove(channel);
        connection().async().unsubscribe(prefix + channel);
    }

    /**
     * From the registry; the first call also subscribes to its announcements, so that a process
     * that only publishes hears of a client that just connected elsewhere.
     */
    @Override
    public ListenedChannels listened() {
        if (!connected && System.nanoTime() - nextAttempt >= 0) {
            try {
                connection();
                connected = true;
            } catch (RedisException | RedisUnavailableException e) {
                nextAttempt = System.nanoTime() + RETRY.toNanos();
                log.warn("Could not subscribe to the streaming registry's announcements: {}", e.getMessage());
            }
        }
        return registry.listened();
    }

    @Override
    public synchronized void destroy() {
        registry.close();
        if (connection != null) {
            connection.close();
        }
    }
}
