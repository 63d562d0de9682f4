package com.graminsta.streaming;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's open connection, whatever carries it, and the streams it listens to. Every
 * connection also listens to its token's channel, where a revocation says {@code kill}.
 */
abstract class StreamConnection {

    private final Viewer viewer;
    private final Channels channels;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ChannelListener system = (message, delivery) -> {
        if (ChannelMessage.KILL.equals(message.event())) {
            close();
        }
    };
    private final AtomicBoolean ended = new AtomicBoolean();

    StreamConnection(Viewer viewer, Channels channels) {
        this.viewer = viewer;
        this.channels = channels;
    }

    Viewer viewer() {
        return viewer;
    }

    final void open() {
        channels.listen(tokenChannel(viewer.tokenId()), system);
    }

    static String tokenChannel(long tokenId) {
        return "timeline:access_token:" + tokenId;
    }

    /** Listens to the stream; asking twice for one stream changes nothing. */
    final void subscribe(Stream stream) {
        Subscription subscription = new Subscription(stream);
        if (!ended.get() && subscriptions.putIfAbsent(subscription.key(), subscription) == null) {
            stream.channels().forEach(channel -> channels.listen(channel, subscription));
        }
    }

    final void unsubscribe(Stream stream) {
        Subscription subscription = subscriptions.remove(String.join(";", stream.channels()));
        if (subscription != null) {
            stream.channels().forEach(channel -> channels.stopListening(channel, subscription));
        }
    }

    /** The connection has ended, however it ended: it stops listening to everything. */
    final void ended() {
        if (ended.compareAndSet(false, true)) {
            channels.stopListening(tokenChannel(viewer.tokenId()), system);
            subscriptions.values().forEach(subscription -> subscription.stream.channels()
                    .forEach(channel -> channels.stopListening(channel, subscription)));
            subscriptions.clear();
        }
    }

    /** Sends one event of the stream named {@code stream}; {@code payload} is JSON, or a deleted status's id. */
    abstract void send(List<String> stream, String event, String payload);

    /** Ends the connection from this side; {@link #ended} follows. */
    abstract void close();

    /** Ends the connection because this instance stops, so the client reconnects to another. */
    abstract void goingAway();

    /** Keeps an idle connection open through proxies: an event stream's comment. */
    void thump() {
    }

    /** Keeps an idle connection open through proxies: a WebSocket ping. */
    void ping() {
    }

    private final class Subscription implements ChannelListener {

        private final Stream stream;

        Subscription(Stream stream) {
            this.stream = stream;
        }

        String key() {
            return String.join(";", stream.channels());
        }

        @Override
        public Long accountId() {
            return viewer.accountId();
        }

        @Override
        public void receive(ChannelMessage message, Payloads.Delivery delivery) {
            delivery.payloadFor(stream, viewer).ifPresent(payload -> {
                send(stream.names(), message.event(), payload);
                delivery.sent();
            });
        }
    }
}
