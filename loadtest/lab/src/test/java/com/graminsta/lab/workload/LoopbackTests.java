package com.graminsta.lab.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopbackTests {

    @Test
    void onlyThisMachinesAddressesAreLoopback() {
        assertThat(Loopback.is("http://127.0.0.1:18011/api/v1/timelines/home?max_id=1")).isTrue();
        assertThat(Loopback.is("http://127.9.8.7/media/a.jpg")).isTrue();
        assertThat(Loopback.is("http://localhost:8080/x")).isTrue();
        assertThat(Loopback.is("http://[::1]:8080/x")).isTrue();
        assertThat(Loopback.is("http://10.0.0.5:8080/x")).isFalse();
        assertThat(Loopback.is("https://cdn.example.com/attachments/a.jpg")).isFalse();
        assertThat(Loopback.is("http://127.0.0.1.example.com/x")).isFalse();
        assertThat(Loopback.is("not a url")).isFalse();
    }
}
