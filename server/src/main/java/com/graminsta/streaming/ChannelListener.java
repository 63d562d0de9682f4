package com.graminsta.streaming;

/** Something listening to a channel: one stream of one connection, or a connection's own system channel. */
interface ChannelListener {

    void receive(ChannelMessage message, Payloads.Delivery delivery);
}
