package com.graminsta.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import com.graminsta.platform.web.ApiException;
import org.junit.jupiter.api.Test;

class MuteOptionsTests {

    @Test
    void notificationsAreHiddenUnlessTheMuterKeepsThem() {
        assertThat(new MuteController.MuteOptions(null, null).hideNotifications()).isTrue();
        assertThat(new MuteController.MuteOptions(true, null).hideNotifications()).isTrue();
        assertThat(new MuteController.MuteOptions(false, null).hideNotifications()).isFalse();
    }

    @Test
    void aMuteLastsUntilUndoneWithoutADurationOrWithZero() {
        assertThat(new MuteController.MuteOptions(null, null).expiresAfter()).isNull();
        assertThat(new MuteController.MuteOptions(null, "").expiresAfter()).isNull();
        assertThat(new MuteController.MuteOptions(null, "0").expiresAfter()).isNull();
    }

    @Test
    void aDurationIsInSecondsUpToAYear() {
        assertThat(new MuteController.MuteOptions(null, "3600").expiresAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(new MuteController.MuteOptions(null, " 1 ").expiresAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new MuteController.MuteOptions(null, "31536000").expiresAfter()).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void aDurationThatIsNotAWholeNumberOfSecondsInRangeIsRefused() {
        for (String bad : new String[] {"-1", "31536001", "1.5", "1h", "true", "99999999999999999999"}) {
            assertThatThrownBy(() -> new MuteController.MuteOptions(null, bad).expiresAfter())
                    .as(bad)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(422));
        }
    }
}
