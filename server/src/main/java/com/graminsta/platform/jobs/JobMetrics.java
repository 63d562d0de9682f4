package com.graminsta.platform.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The queue for dashboards and alerts: jobs queued in all, and per type those waiting for a worker
 * and how long the oldest of them has waited. The figures are the whole queue's, the same on every
 * instance (aggregate them with max, not sum). One query answers them all, and its answer serves
 * every scrape for {@link #FRESH}: a scrape reads each gauge, and several Prometheus servers may
 * scrape, but the database is asked at most once per interval per instance.
 */
@Component
class JobMetrics implements MeterBinder {

    static final Duration FRESH = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(JobMetrics.class);

    private final JobQueue queue;
    private final List<String> types;
    private Snapshot snapshot = new Snapshot(Long.MIN_VALUE, Map.of(), false);

    private record Snapshot(long takenAt, Map<String, JobQueue.TypeStats> byType, boolean failed) {

        double sum(ToDoubleFunction<JobQueue.TypeStats> figure) {
            return failed ? Double.NaN : byType.values().stream().mapToDouble(figure).sum();
        }

        double of(String type, ToDoubleFunction<JobQueue.TypeStats> figure) {
            JobQueue.TypeStats stats = byType.get(type);
            return failed ? Double.NaN : stats == null ? 0 : figure.applyAsDouble(stats);
        }
    }

    /** The per-type gauges are for the types this build has handlers for, declared in every process. */
    JobMetrics(JobQueue queue, List<JobHandler<?>> handlers) {
        this.queue = queue;
        this.types = handlers.stream().map(handler -> handler.type().name()).distinct().sorted().toList();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("graminsta.jobs.queued", this, metrics -> metrics.snapshot().sum(JobQueue.TypeStats::queued))
                .description("Jobs waiting to run, running or due later, of every type")
                .register(registry);
        for (String type : types) {
            Gauge.builder("graminsta.jobs.waiting", this, metrics -> metrics.snapshot().of(type, JobQueue.TypeStats::waiting))
                    .description("Jobs whose time has come that no worker has taken")
                    .tag("type", type)
                    .register(registry);
            Gauge.builder("graminsta.jobs.oldest.waiting", this,
                            metrics -> metrics.snapshot().of(type, JobQueue.TypeStats::oldestWaitingSeconds))
                    .description("How long the job that has waited longest for a worker has waited, 0 when none waits")
                    .tag("type", type)
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    /** The last answer if it is fresh, else a new one; an unanswered query is NaN until the next interval. */
    private synchronized Snapshot snapshot() {
        long now = System.nanoTime();
        if (snapshot.takenAt != Long.MIN_VALUE && now - snapshot.takenAt < FRESH.toNanos()) {
            return snapshot;
        }
        try {
            snapshot = new Snapshot(now, queue.stats().stream()
                    .collect(Collectors.toMap(JobQueue.TypeStats::type, stats -> stats)), false);
        } catch (RuntimeException e) {
            log.debug("Could not read the job queue's figures", e);
            snapshot = new Snapshot(now, Map.of(), true);
        }
        return snapshot;
    }
}
