package com.graminsta.streaming;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The channels someone listens to, in this process or another, as last known: what the publisher
 * asks before it publishes, so that a post by an account with many followers costs a PUBLISH per
 * follower with a stream open, not per follower. {@link #UNKNOWN} when it could never be read:
 * then every channel counts as listened, and nothing a client listens to is left out.
 */
final class ListenedChannels {

    static final ListenedChannels UNKNOWN = new ListenedChannels(null);

    private static final String HOME = "timeline:";

    private final Set<String> channels;
    private final Set<Long> homeTimelines;

    private ListenedChannels(Set<String> channels) {
        this.channels = channels;
        this.homeTimelines = new HashSet<>();
        if (channels != null) {
            for (String channel : channels) {
                Long account = homeTimelineOf(channel);
                if (account != null) {
                    homeTimelines.add(account);
                }
            }
        }
    }

    static ListenedChannels of(Collection<String> channels) {
        return new ListenedChannels(Set.copyOf(channels));
    }

    boolean known() {
        return channels != null;
    }

    boolean contains(String channel) {
        return channels == null || channels.contains(channel);
    }

    /** The accounts whose home timeline ({@code timeline:{id}}) someone listens to; empty when unknown. */
    Set<Long> homeTimelines() {
        return homeTimelines;
    }

    /** Known to be none: nothing need be rendered or published. */
    boolean nothing() {
        return channels != null && channels.isEmpty();
    }

    /** The account of {@code timeline:{id}}, or null for any other channel. */
    static Long homeTimelineOf(String channel) {
        if (!channel.startsWith(HOME) || channel.length() == HOME.length()) {
            return null;
        }
        for (int i = HOME.length(); i < channel.length(); i++) {
            if (!Character.isDigit(channel.charAt(i))) {
                return null;
            }
        }
        try {
            return Long.parseLong(channel, HOME.length(), channel.length(), 10);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
