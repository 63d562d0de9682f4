package com.graminsta.streaming;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/** All in one process: a published message goes straight to this process's listeners. */
class LocalTransport implements StreamTransport {

    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private volatile BiConsumer<String, String> receiver = (channel, message) -> {
    };

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
    }

    @Override
    public void unsubscribe(String channel) {
        subscribed.remove(channel);
    }

    @Override
    public Set<String> listenedAmong(Collection<String> channels) {
        return channels.stream().filter(subscribed::contains).collect(Collectors.toSet());
    }
}
