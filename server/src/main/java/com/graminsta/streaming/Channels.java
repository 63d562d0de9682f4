package com.graminsta.streaming;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * This process's listeners, by channel. The transport hears of a channel when its first listener
 * comes and its last one goes, not of each one: one subscription per channel per process.
 *
 * <p>Messages are delivered on one thread of their own, in the order they arrived, never on the
 * thread that received them (a Redis client's event loop must not wait for the database). Each
 * message is rendered at most once per viewer and stream, however many of the viewer's
 * connections listen, and on the public and hashtag channels once for all of them
 * ({@link Payloads}).
 */
@Component
class Channels implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Channels.class);
    private static final Duration[] DELAY_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final Map<String, Set<ChannelListener>> listeners = new ConcurrentHashMap<>();
    private final StreamTransport transport;
    private final Payloads payloads;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("streaming-delivery").factory());

    Channels(StreamTransport transport, Payloads payloads, JsonMapper json, MeterRegistry meters) {
        this.transport = transport;
        this.payloads = payloads;
        this.json = json;
        this.meters = meters;
        transport.deliverTo(this::received);
    }

    void listen(String channel, ChannelListener listener) {
        listeners.compute(channel, (name, present) -> {
            Set<ChannelListener> set = present;
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
                transport.subscribe(name);
            }
            set.add(listener);
            return set;
        });
    }

    void stopListening(String channel, ChannelListener listener) {
        listeners.computeIfPresent(channel, (name, set) -> {
            set.remove(listener);
            if (set.isEmpty()) {
                transport.unsubscribe(name);
                return null;
            }
            return set;
        });
    }

    void publish(String channel, ChannelMessage message) {
        transport.publish(channel, json.writeValueAsString(message));
    }

    ListenedChannels listened() {
        return transport.listened();
    }

    /** Messages published by other processes reach this one. */
    boolean ready() {
        return transport.ready();
    }

    private void received(String channel, String message) {
        deliveries.execute(() -> deliver(channel, message));
    }

    private void deliver(String channel, String text) {
        Set<ChannelListener> set = listeners.get(channel);
        if (set == null) {
            return;
        }
        ChannelMessage message;
        try {
            message = json.readValue(text, ChannelMessage.class);
        } catch (JacksonException e) {
            log.warn("Dropped a message on {} that is not one: {}", channel, text);
            return;
        }
        Timer delay = delay(message.event());
        Payloads.Delivery delivery = payloads.delivery(message, () -> accountsOf(set),
                () -> delay.record(sinceSent(message)));
        for (ChannelListener listener : set) {
            try {
                listener.receive(message, delivery);
            } catch (RuntimeException e) {
                // One viewer's failure (a closed socket, a query that failed) is not the others'.
                log.warn("Could not deliver {} on {}", message.event(), channel, e);
            }
        }
    }

    /** The accounts of the connections listening, each once, for a message decided for all of them at once. */
    private static Collection<Long> accountsOf(Set<ChannelListener> set) {
        Set<Long> accounts = new HashSet<>();
        for (ChannelListener listener : set) {
            Long account = listener.accountId();
            if (account != null) {
                accounts.add(account);
            }
        }
        return accounts;
    }

    /**
     * Events sent to connections (its count) and how long after their publication (from the
     * publishing instance's clock to this one's: clocks out of step shift it, a negative delay
     * counts as none).
     */
    private Timer delay(String event) {
        return Timer.builder("graminsta.streaming.delivery.delay")
                .description("Events sent to streaming connections, and the time from publication to sending")
                .tag("event", event)
                .serviceLevelObjectives(DELAY_BUCKETS)
                .register(meters);
    }

    /** Zero for a message from an instance that did not say when it sent it (older than this one). */
    private static Duration sinceSent(ChannelMessage message) {
        return message.sentAt() == null ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, System.currentTimeMillis() - message.sentAt()));
    }

    @Override
    public void destroy() {
        deliveries.shutdownNow();
    }
}
