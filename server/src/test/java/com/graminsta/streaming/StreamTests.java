package com.graminsta.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Stream names as Mastodon's streaming server resolves them to channels, scopes and errors. */
class StreamTests {

    private static final Viewer READER = new Viewer(7, 70, Set.of("read:statuses", "read:notifications"));
    private static final Viewer STATUSES_ONLY = new Viewer(7, 71, Set.of("read:statuses"));
    private static final Viewer NO_READ = new Viewer(7, 72, Set.of("write:statuses"));

    @Test
    void theUserStreamCarriesNotificationsOnlyForATokenThatMayReadThem() {
        assertThat(Stream.resolve("user", null, null, READER).channels())
                .containsExactly("timeline:7", "timeline:7:notifications");
        assertThat(Stream.resolve("user", null, null, STATUSES_ONLY).channels()).containsExactly("timeline:7");
    }

    @Test
    void streamsThatNeedScopesRefuseTokensWithoutThem() {
        assertThatThrownBy(() -> Stream.resolve("user:notification", null, null, STATUSES_ONLY))
                .isInstanceOfSatisfying(StreamError.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).isEqualTo("Access token does not have the required scopes");
                });
        assertThatThrownBy(() -> Stream.resolve("user", null, null, NO_READ)).isInstanceOf(StreamError.class);
        assertThat(Stream.resolve("public", null, null, NO_READ).channels()).containsExactly("timeline:public");
    }

    @Test
    void hashtagStreamsListenToTheNormalisedTagAndNameTheTagAsGiven() {
        Stream stream = Stream.resolve("hashtag:local", "Café", null, READER);
        assertThat(stream.channels()).containsExactly("timeline:hashtag:café:local");
        assertThat(stream.names()).containsExactly("hashtag:local", "Café");
        assertThat(stream.timeline()).isEqualTo(Stream.Timeline.TAG);
    }

    @Test
    void publicStreamsAndTheirMediaVariants() {
        assertThat(Stream.resolve("public:local:media", null, null, READER).timeline()).isEqualTo(Stream.Timeline.PUBLIC_MEDIA);
        assertThat(Stream.resolve("public:local", null, null, READER).names()).isEqualTo(List.of("public:local"));
        assertThat(Stream.resolve("public:remote", null, null, READER).timeline()).isEqualTo(Stream.Timeline.NOTHING);
    }

    @Test
    void unknownStreamsAndMissingParametersAreMastodonsErrors() {
        assertThatThrownBy(() -> Stream.resolve("firehose", null, null, READER))
                .isInstanceOfSatisfying(StreamError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("Unknown stream type");
                });
        assertThatThrownBy(() -> Stream.resolve(null, null, null, READER)).hasMessage("Unknown stream type");
        assertThatThrownBy(() -> Stream.resolve("hashtag", "", null, READER)).hasMessage("Missing tag name parameter");
        assertThatThrownBy(() -> Stream.resolve("list", null, null, READER)).hasMessage("Missing list name parameter");
        assertThatThrownBy(() -> Stream.resolve("list", "1", "1", READER)).hasMessage("Not authorized to stream this list");
    }
}
