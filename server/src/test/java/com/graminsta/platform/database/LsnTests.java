package com.graminsta.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LsnTests {

    @Test
    void readsAndPrintsPostgresqlsNotation() {
        Lsn lsn = Lsn.parse("16/B374D848");
        assertThat(lsn.value()).isEqualTo(0x16_B374D848L);
        assertThat(lsn).hasToString("16/B374D848");
        assertThat(Lsn.parse("0/0")).isEqualTo(Lsn.ZERO);
    }

    @Test
    void comparesTheHighWordFirst() {
        assertThat(Lsn.parse("1/0").reached(Lsn.parse("0/FFFFFFFF"))).isTrue();
        assertThat(Lsn.parse("0/FFFFFFFF").reached(Lsn.parse("1/0"))).isFalse();
        assertThat(Lsn.parse("2/10").reached(Lsn.parse("2/10"))).isTrue();
        assertThat(Lsn.max(Lsn.parse("2/10"), Lsn.parse("1/FF"))).isEqualTo(Lsn.parse("2/10"));
    }

    @Test
    void refusesWhatIsNotAnLsn() {
        assertThatThrownBy(() -> Lsn.parse("16B374D848")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReplicaIsAsLateAsThePrimaryWasWhereItIsNow() {
        PrimaryPositions positions = new PrimaryPositions(Duration.ofSeconds(10));
        long second = Duration.ofSeconds(1).toNanos();
        positions.record(0, Lsn.parse("0/100"));
        positions.record(second, Lsn.parse("0/200"));
        positions.record(2 * second, Lsn.parse("0/300"));

        assertThat(positions.lag(Lsn.parse("0/300"), 2 * second)).isZero();
        assertThat(positions.lag(Lsn.parse("0/3A0"), 2 * second)).isZero();
        assertThat(positions.lag(Lsn.parse("0/250"), 3 * second)).isEqualTo(Duration.ofSeconds(2));
        assertThat(positions.lag(Lsn.parse("0/100"), 3 * second)).isEqualTo(Duration.ofSeconds(3));
        // Behind everything remembered: at least as late as the oldest position.
        assertThat(positions.lag(Lsn.parse("0/50"), 3 * second)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void anIdlePrimaryLeavesNoLag() {
        PrimaryPositions positions = new PrimaryPositions(Duration.ofSeconds(10));
        long second = Duration.ofSeconds(1).toNanos();
        for (int i = 0; i < 60; i++) {
            positions.record(i * second, Lsn.parse("0/500"));
        }
        assertThat(positions.lag(Lsn.parse("0/500"), 60 * second)).isZero();
        assertThat(positions.lag(Lsn.parse("0/400"), 60 * second)).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
    }
}
