package com.graminsta.streaming;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/** All in one process: a published message goes straight to this process's listeners. */
class LocalTransport implements StreamTransport {

    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private volatile BiConsumer<String, String> receiver = (channel, message) -> {
    };
    /** Counts the channels that came or went, so that {@link #listened} copies once per change. */
    private final AtomicLong changes = new AtomicLong();
    private volatile Copy copy = new Copy(-1, ListenedChannels.UNKNOWN);

    private record Copy(long version, ListenedChannels channels) {
    }

    @Override
    public void deliverTo(BiConsumer<String, String> receiver) {
        this.receiver = receiver;
    }

    @Override
    public void publish(String channel, String message) {
        if (subscribed.contains(channel)) {
            receiver.accept(channel, message);
        }
    }

    @Override
    public void subscribe(String channel) {
        subscribed.add(channel);
        changes.incrementAndGet();
    }

    @Override
    public void unsubscribe(String channel) {
        subscribed.remove(channel);
        changes.incrementAndGet();
    }

    /** The subscribed channels, copied once per change rather than once per event. */
    @Override
    public ListenedChannels listened() {
        long version = changes.get();
        Copy known = copy;
        if (known.version() != version) {
            known = new Copy(version, ListenedChannels.of(subscribed));
            copy = known;
        }
        return known.channels();
    }
}
