package com.graminsta.social;

import java.time.Duration;

import com.graminsta.platform.jobs.Batches;
import com.graminsta.platform.jobs.JobHandler;
import com.graminsta.platform.jobs.JobType;
import com.graminsta.platform.jobs.RecurringJob;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hourly: deletes mutes whose duration has ended. Only tidiness: an ended mute already counts for
 * nothing ({@link MuteSql}), so however late this runs, nobody stays muted for longer.
 */
@Component
class EndedMuteSweep implements JobHandler<EndedMuteSweep.Payload> {

    static final JobType<Payload> TYPE = JobType.of("social.sweep-ended-mutes", Payload.class);
    private static final int BATCH = 1_000;

    record Payload() {
    }

    private final Mutes mutes;
    private final TransactionTemplate transactions;

    EndedMuteSweep(Mutes mutes, TransactionTemplate transactions) {
        this.mutes = mutes;
        this.transactions = transactions;
    }

    @Override
    public JobType<Payload> type() {
        return TYPE;
    }

    @Override
    public void handle(Payload payload) {
        Batches.untilShort(transactions, BATCH, () -> mutes.deleteEnded(BATCH));
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringJob<Payload> endedMuteSweepSchedule() {
            return RecurringJob.every(Duration.ofHours(1), TYPE, new Payload());
        }
    }
}
