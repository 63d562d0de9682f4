package com.graminsta.streaming;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.graminsta.platform.redis.Redis;
import com.graminsta.platform.redis.RedisUnavailableException;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZAddArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which channels the processes listen to, kept in Redis as Mastodon's streaming server keeps its
 * {@code subscribed:timeline:{id}} keys alive: one sorted set, under one hash tag so that one
 * cluster node holds it, whose members are channels and whose scores are when they expire. A
 * process adds a channel when it starts listening to it and all of its channels again on a
 * heartbeat; it never removes one, since another process may listen to it too: a channel no one
 * listens to any more expires (at most {@link #LIFETIME} later, a few PUBLISHes no one hears) and
 * the heartbeat prunes it.
 *
 * <p>A reader keeps what it read for {@link #CACHED}, so a burst of likes costs one read. A process
 * that adds a channel says so on a pub/sub channel, and each process reads again on its next event:
 * a client that just connected to another instance gets the next event, not only those a second
 * later. When Redis cannot be read, the last set read stands (and is logged); before any was
 * read, every channel counts as listened, as before there was a registry.
 */
final class RedisChannelRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisChannelRegistry.class);

    static final Duration HEARTBEAT = Duration.ofSeconds(60);
    static final Duration LIFETIME = Duration.ofSeconds(180);
    static final Duration CACHED = Duration.ofSeconds(1);
    /** Members per ZADD on the heartbeat, so that no one command holds Redis long. */
    private static final int BATCH = 1000;

    private final Redis redis;
    private final String key;
    private final String announcements;
    private final Set<String> mine = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("streaming-registry").factory());
    private final Object reading = new Object();
    private volatile Read last = new Read(ListenedChannels.UNKNOWN, System.nanoTime() - CACHED.toNanos());
    private volatile boolean stale = true;
    private volatile boolean failing;

    private record Read(ListenedChannels channels, long at) {
    }

    RedisChannelRegistry(Redis redis) {
        this.redis = redis;
        this.key = redis.key("streaming:{listened}");
        this.announcements = redis.key("streaming:listened:added");
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The pub/sub channel (as named in Redis) on which processes announce a channel they added. */
    String announcements() {
        return announcements;
    }

    /** This process listens to {@code channel} now: registered at once, and announced. */
    void add(String channel) {
        mine.add(channel);
        byte[] member = channel.getBytes(StandardCharsets.UTF_8);
        try {
            redis.call(commands -> {
                commands.zadd(key, ZAddArgs.Builder.gt(), ScoredValue.just(expiry(), member));
                return commands.publish(announcements, member);
            });
        } catch (RedisUnavailableException e) {
            log.warn("Could not register the streaming channel {}; the heartbeat will: {}", channel, e.getMessage());
        }
        stale = true;
    }

    /** This process no longer listens to {@code channel}; it stays registered until it expires. */
    void remove(String channel) {
        mine.remove(channel);
    }

    /** Another process (or this one) registered a channel: read again on the next event. */
    void announced() {
        stale = true;
    }

    ListenedChannels listened() {
        Read known = last;
        if (fresh(known)) {
            return known.channels();
        }
        synchronized (reading) {
            known = last;
            if (fresh(known)) {
                return known.channels();
            }
            // Cleared before reading: an announcement heard while reading marks it stale again.
            stale = false;
            long now = System.nanoTime();
            try {
                List<byte[]> members = redis.call(commands ->
                        commands.zrangebyscore(key, Range.create((double) System.currentTimeMillis(), Double.POSITIVE_INFINITY)));
                Set<String> channels = new HashSet<>();
                members.forEach(member -> channels.add(new String(member, StandardCharsets.UTF_8)));
                known = new Read(ListenedChannels.of(channels), now);
                if (failing) {
                    failing = false;
                    log.info("Read the listened streaming channels again ({})", channels.size());
                }
            } catch (RedisUnavailableException e) {
                if (!failing) {
                    failing = true;
                    log.warn("Could not read the listened streaming channels; {} until Redis answers: {}",
                            known.channels().known() ? "publishing to those last read" : "publishing to every channel",
                            e.getMessage());
                }
                known = new Read(known.channels(), now);
            }
            last = known;
            return known.channels();
        }
    }

    private boolean fresh(Read read) {
        return !stale && System.nanoTime() - read.at() < CACHED.toNanos();
    }

    /**
     * Registers this process's channels again, so that they do not expire, and prunes expired ones.
     *
     * @return whether Redis took them
     */
    boolean beat() {
        try {
            double expiry = expiry();
            List<String> channels = new ArrayList<>(mine);
            for (int from = 0; from < channels.size(); from += BATCH) {
                List<String> batch = channels.subList(from, Math.min(channels.size(), from + BATCH));
                @SuppressWarnings("unchecked")
                ScoredValue<byte[]>[] members = batch.stream()
                        .map(channel -> ScoredValue.just(expiry, channel.getBytes(StandardCharsets.UTF_8)))
                        .toArray(ScoredValue[]::new);
                redis.call(commands -> commands.zadd(key, ZAddArgs.Builder.gt(), members));
            }
            redis.call(commands -> commands.zremrangebyscore(key,
                    Range.create(Double.NEGATIVE_INFINITY, (double) System.currentTimeMillis())));
            stale = true;
            return true;
        } catch (RedisUnavailableException e) {
            log.warn("Could not renew the listened streaming channels: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Could not renew the listened streaming channels", e);
        }
        return false;
    }

    private static double expiry() {
        return System.currentTimeMillis() + LIFETIME.toMillis();
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}
