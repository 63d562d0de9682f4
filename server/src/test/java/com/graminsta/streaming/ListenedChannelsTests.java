package com.graminsta.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What the publisher learns of the channels someone listens to, and what one process answers. */
class ListenedChannelsTests {

    @Test
    void homeTimelinesAreTheAccountsOfTimelineChannelsAndNothingElse() {
        ListenedChannels listened = ListenedChannels.of(List.of("timeline:7", "timeline:7:notifications",
                "timeline:public", "timeline:hashtag:42", "timeline:access_token:9", "timeline:", "timeline:12"));
        assertThat(listened.homeTimelines()).containsExactlyInAnyOrder(7L, 12L);
        assertThat(listened.contains("timeline:public")).isTrue();
        assertThat(listened.contains("timeline:public:local")).isFalse();
        assertThat(listened.nothing()).isFalse();
    }

    @Test
    void whenNothingIsKnownEveryChannelCountsAsListened() {
        assertThat(ListenedChannels.UNKNOWN.known()).isFalse();
        assertThat(ListenedChannels.UNKNOWN.contains("timeline:7")).isTrue();
        assertThat(ListenedChannels.UNKNOWN.nothing()).isFalse();
        assertThat(ListenedChannels.of(List.of()).nothing()).isTrue();
    }

    @Test
    void inOneProcessTheListenedChannelsAreTheSubscribedOnes() {
        LocalTransport transport = new LocalTransport();
        assertThat(transport.listened().nothing()).isTrue();
        transport.subscribe("timeline:7");
        assertThat(transport.listened().homeTimelines()).containsExactly(7L);
        transport.unsubscribe("timeline:7");
        assertThat(transport.listened().nothing()).isTrue();
    }
}
