package com.graminsta.streaming;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What goes through a channel: the event and what it is about, by id, never rendered. Each
 * listener renders it for its own viewer after checking that viewer may see it, so one message
 * serves everyone however their blocks, mutes and follows differ, and is small on the wire.
 *
 * @param event Mastodon's event name ({@code update}, {@code status.update}, {@code delete},
 *              {@code notification}), or {@code kill} to end the connections of a token
 * @param status the status it is about
 * @param account the status's author, for a {@code delete}
 * @param notification the notification, for a {@code notification}
 * @param sentAt when it was published, in milliseconds since the epoch, for the delivery delay
 *               metric (absent in a message from an older instance)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChannelMessage(String event, Long status, Long account, Long notification, Long sentAt) {

    static final String UPDATE = "update";
    static final String STATUS_UPDATE = "status.update";
    static final String DELETE = "delete";
    static final String NOTIFICATION = "notification";
    static final String KILL = "kill";

    static ChannelMessage about(String event, long statusId) {
        return new ChannelMessage(event, statusId, null, null, now());
    }

    static ChannelMessage deleted(long statusId, long authorId) {
        return new ChannelMessage(DELETE, statusId, authorId, null, now());
    }

    static ChannelMessage notification(long notificationId) {
        return new ChannelMessage(NOTIFICATION, null, null, notificationId, now());
    }

    static ChannelMessage kill() {
        return new ChannelMessage(KILL, null, null, null, now());
    }

    private static Long now() {
        return System.currentTimeMillis();
    }
}
