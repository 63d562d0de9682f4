package com.graminsta.platform.jobs;

import java.time.Duration;

/**
 * A job enqueued every {@code interval} by one of the workers, however many there are. Declare
 * it as a bean next to the job's handler.
 */
public record RecurringJob<P>(JobType<P> type, P payload, Duration interval) {

    public static <P> RecurringJob<P> every(Duration interval, JobType<P> type, P payload) {
        return new RecurringJob<>(type, payload, interval);
    }
}
