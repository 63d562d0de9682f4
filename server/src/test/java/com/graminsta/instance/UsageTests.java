package com.graminsta.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The counts behind NodeInfo and the instance endpoints, kept so requests cost the database nothing. */
class UsageTests {

    private Instant now = Instant.parse("2026-12-02T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final AtomicInteger counted = new AtomicInteger();

    private Usage.Counts next() {
        int n = counted.incrementAndGet();
        return new Usage.Counts(n, n, n, n, n);
    }

    @Test
    void manyRequestsWithinTenMinutesCountOnce() {
        Usage usage = new Usage(this::next, clock);

        for (int i = 0; i < 1000; i++) {
            usage.counts();
            now = now.plusMillis(500);
        }

        assertThat(counted).hasValue(1);
        assertThat(usage.counts().users()).isEqualTo(1);
    }

    @Test
    void countsAgainOnceTenMinutesHavePassed() {
        Usage usage = new Usage(this::next, clock);
        usage.counts();

        now = now.plus(Usage.MAX_AGE).plus(Duration.ofSeconds(1));

        assertThat(usage.counts().users()).isEqualTo(2);
        assertThat(counted).hasValue(2);
    }

    @Test
    void whileOneRequestCountsAgainTheOthersGetTheLastCounts() throws Exception {
        CountDownLatch counting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Usage usage = new Usage(() -> {
            Usage.Counts counts = next();
            if (counts.users() == 2) {
                counting.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return counts;
        }, clock);
        usage.counts();
        now = now.plus(Usage.MAX_AGE);

        Thread recount = Thread.ofVirtual().start(usage::counts);
        counting.await();
        long seen = usage.counts().users();
        release.countDown();
        recount.join();

        assertThat(seen).as("the stale counts, without waiting").isEqualTo(1);
        assertThat(usage.counts().users()).isEqualTo(2);
        assertThat(counted).hasValue(2);
    }
}
