package com.graminsta.platform.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** Queue depth for dashboards: jobs waiting or running, across all workers. */
@Component
class JobMetrics implements MeterBinder {

    private final JobQueue queue;

    JobMetrics(JobQueue queue) {
        this.queue = queue;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("graminsta.jobs.queued", queue, JobQueue::depth)
                .description("Jobs waiting to run or running")
                .register(registry);
    }
}
