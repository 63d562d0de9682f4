package com.graminsta.streaming;

/** Something listening to a channel: one stream of one connection, or a connection's own system channel. */
interface ChannelListener {

    void receive(ChannelMessage message, Payloads.Delivery delivery);

    /** The account of the connection listening, or null for a listener that is sent no statuses. */
    default Long accountId() {
        return null;
    }
}
