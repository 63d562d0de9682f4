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

/**
 * Hourly: deletes direct uploads older than {@link MediaRules#DIRECT_UPLOAD_LIFETIME}. The object
 * of one never completed goes too; a completed one's object is its attachment's original, which
 * the attachment looks after.
 */
@Component
class DirectUploadSweep implements JobHandler<DirectUploadSweep.Payload> {

    static final JobType<Payload> TYPE = JobType.of("media.sweep-direct-uploads", Payload.class);
    private static final int BATCH = 500;

    record Payload() {
    }

    private final DirectUploads uploads;
    private final MediaFileDeletion files;
    private final TransactionTemplate transactions;

    DirectUploadSweep(DirectUploads uploads, MediaFileDeletion files, TransactionTemplate transactions) {
        this.uploads = uploads;
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
            List<DirectUpload> batch = uploads.deleteOlderThan(MediaRules.DIRECT_UPLOAD_LIFETIME, BATCH);
            files.deleteKeys(batch.stream().filter(upload -> upload.mediaId() == null).map(DirectUpload::objectKey).toList());
            return batch.size();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringJob<Payload> directUploadSweepSchedule() {
            return RecurringJob.every(Duration.ofHours(1), TYPE, new Payload());
        }
    }
}
