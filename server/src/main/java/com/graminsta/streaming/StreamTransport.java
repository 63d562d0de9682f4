package com.graminsta.streaming;

import java.util.function.BiConsumer;

/**
 * Carries channel messages between the processes that publish them and those that hold the
 * connections. In one process it is a method call ({@link LocalTransport}); across processes, Redis
 * pub/sub. It learns only when this process starts and stops listening to a channel, never about
 * each connection: {@link Channels} keeps those, so a process subscribes once per channel however
 * many of its clients listen, as Mastodon's streaming server does.
 */
interface StreamTransport {

    /** Where messages for this process's channels go; set once, before anything is subscribed. */
    void deliverTo(BiConsumer<String, String> receiver);

    void publish(String channel, String message);

    void subscribe(String channel);

    void unsubscribe(String channel);

    /**
     * The channels someone listens to, here or in another process, so that a post by an account
     * with many followers is published only to those with a stream open. Cheap to call for every
     * event: never more than one read of a shared registry per short while.
     */
    ListenedChannels listened();

    /** Messages from other processes reach this one: in one process, always. */
    default boolean ready() {
        return true;
    }
}
