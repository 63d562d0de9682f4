package com.graminsta.platform.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import com.graminsta.platform.web.ApiException;
import org.junit.jupiter.api.Test;

class IdsTests {

    @Test
    void idsCarryTheirShardAndTime() {
        Instant time = Instant.parse("2026-11-27T12:00:00Z");
        long id = Ids.lowestAt(time) | (4321L << 10) | 17;
        assertThat(Ids.shardOf(id)).isEqualTo(4321);
        assertThat(Ids.createdAt(id)).isEqualTo(time);
    }

    @Test
    void laterIdsSortAfterEarlierOnes() {
        long earlier = Ids.lowestAt(Instant.parse("2026-03-01T00:00:00Z")) | (8191L << 10) | 1023;
        long later = Ids.lowestAt(Instant.parse("2026-03-01T00:00:00.001Z"));
        assertThat(later).isGreaterThan(earlier);
    }

    @Test
    void malformedIdsNameNothing() {
        for (String bad : new String[] {"", "abc", "12a", "99999999999999999999", "-"}) {
            assertThatThrownBy(() -> Ids.parse(bad)).isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).status().value()).isEqualTo(404);
        }
    }
}
