package com.graminsta.social;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MuteOptionsTests {

    @Test
    void notificationsAreHiddenUnlessTheMuterKeepsThem() {
        assertThat(new MuteController.MuteOptions(null).hideNotifications()).isTrue();
        assertThat(new MuteController.MuteOptions(true).hideNotifications()).isTrue();
        assertThat(new MuteController.MuteOptions(false).hideNotifications()).isFalse();
    }
}
