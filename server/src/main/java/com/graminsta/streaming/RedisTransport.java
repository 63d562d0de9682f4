package com.graminsta.streaming;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiConsumer;

import com.graminsta.platform.redis.Redis;
import com.graminsta.platform.redis.RedisUnavailableException;
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
 */
class RedisTransport implements StreamTransport, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisTransport.class);

    private final Redis redis;
    private final String prefix;
    private volatile BiConsumer<String, String> receiver = (channel, message) -> {
    };
    private StatefulRedisPubSubConnection<String, String> connection;

    RedisTransport(Redis redis) {
        this.redis = redis;
        this.prefix = redis.key("");
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
                    if (channel.startsWith(prefix)) {
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

    @Override
    public void subscribe(String channel) {
        connection().async().subscribe(prefix + channel);
    }

    @Override
    public void unsubscribe(String channel) {
        connection().async().unsubscribe(prefix + channel);
    }

    /**
     * Every one of them: whether a process elsewhere listens is not known here. Mastodon keeps
     * {@code subscribed:} keys for this; until the lab shows the cost of publishing to followers
     * without a stream open, each is one PUBLISH that no one receives.
     */
    @Override
    public Set<String> listenedAmong(Collection<String> channels) {
        return new HashSet<>(channels);
    }

    @Override
    public synchronized void destroy() {
        if (connection != null) {
            connection.close();
        }
    }
}
