package com.graminsta.media;

import java.time.Duration;
import java.util.List;

import com.graminsta.platform.jobs.Batches;
import com.graminsta.platform.jobs.JobHandler;
import com.graminsta.platform.jobs.JobType;
import com.graminsta.platform.jobs.RecurringJob;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Hourly: deletes uploads never attached to a post within {@link MediaRules#UNATTACHED_LIFETIME}, and their files. */
@Component
class UnattachedMediaSweep implements JobHandler<UnattachedMediaSweep.Payload> {

    static final JobType<Payload> TYPE = JobType.of("media.sweep-unattached", Payload.class);
    private static final int BATCH = 500;

    record Payload() {
    }

    private final Attachments attachments;
    private final MediaFileDeletion files;
    private final TransactionTemplate transactions;

    UnattachedMediaSweep(Attachments attachments, MediaFileDeletion files, TransactionTemplate transactions) {
        this.attachments = attachments;
        this.files = files;
        this.transactions = transactions;
    }

    @Override
    public JobType<Payload> type() {
        return TYPE;
    }

    @Override
    public void handle(Payload payload) {
        Batches.untilShort(transactions, BATCH, () -> {
            List<Attachment> batch = attachments.deleteUnattachedOlderThan(MediaRules.UNATTACHED_LIFETIME, BATCH);
            files.deleteFilesOf(batch);
            return batch.size();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringJob<Payload> unattachedMediaSweepSchedule() {
            return RecurringJob.every(Duration.ofHours(1), TYPE, new Payload());
        }
    }
}
