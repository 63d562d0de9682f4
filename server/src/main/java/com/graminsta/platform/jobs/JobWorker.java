package com.graminsta.platform.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.graminsta.platform.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs jobs in this process: one thread claims due jobs while there are free slots, a pool of
 * platform threads runs them (image work is CPU-bound native code, which would pin the carriers
 * that virtual threads share with request handling), and a heartbeat keeps each claim's lease
 * alive. A job whose lease this worker lost is interrupted, so it never runs on two workers for
 * longer than one heartbeat.
 */
@Component
class JobWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
    private static final Duration SCHEDULE_CHECK = Duration.ofSeconds(10);
    private static final int MAX_ERROR_LENGTH = 2000;
    /** Jobs waiting out an outage try again at least this often, so work resumes soon after it ends. */
    private static final Duration MAX_OUTAGE_WAIT = Duration.ofMinutes(5);

    private final JobQueue queue;
    private final Map<String, JobHandler<?>> handlers;
    private final List<RecurringJob<?>> recurring;
    private final Jobs jobs;
    private final JobSignal signal;
    private final TransactionTemplate transactions;
    private final WorkerSettings settings;
    private final Roles roles;
    private final String id = workerId();
    private final Map<Long, Running> running = new ConcurrentHashMap<>();

    private volatile boolean active;
    private ExecutorService executor;
    private ScheduledExecutorService heartbeats;
    private Thread poller;
    private long nextScheduleCheck;

    private record Running(ClaimedJob job, Future<?> future) {
    }

    JobWorker(JobQueue queue, List<JobHandler<?>> handlers, List<RecurringJob<?>> recurring, Jobs jobs,
              JobSignal signal, TransactionTemplate transactions, WorkerSettings settings, Roles roles) {
        this.queue = queue;
        this.handlers = handlers.stream().collect(Collectors.toMap(handler -> handler.type().name(), Function.identity()));
        this.recurring = recurring;
        this.jobs = jobs;
        this.signal = signal;
        this.transactions = transactions;
        this.settings = settings;
        this.roles = roles;
    }

    String id() {
        return id;
    }

    /**
     * Whether this process runs jobs (the worker role, docs/decisions/0027) is decided here, when
     * the server starts, not by a bean condition: the build fixes conditions ahead of time (Spring
     * AOT, docs/decisions/0015), and one build serves both API-only instances and workers.
     */
    @Override
    public boolean isAutoStartup() {
        return settings.runsJobs(roles);
    }

    @Override
    public synchronized void start() {
        if (active) {
            return;
        }
        active = true;
        nextScheduleCheck = System.nanoTime();
        executor = Executors.newFixedThreadPool(settings.concurrency(),
                Thread.ofPlatform().name("job-", 1).daemon(true).factory());
        heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("job-heartbeat").daemon(true).factory());
        long every = settings.heartbeatInterval().toMillis();
        heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        poller = Thread.ofPlatform().name("job-poller").daemon(true).start(this::poll);
        log.info("Job worker {} started: {} at once, types {}", id, settings.concurrency(), handlers.keySet());
    }

    @Override
    public synchronized void stop() {
        if (!active) {
            return;
        }
        active = false;
        signal.wake();
        try {
            poller.join(settings.drainTimeout().toMillis());
            executor.shutdown();
            if (!executor.awaitTermination(settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Interrupting {} jobs still running after {}", running.size(), settings.drainTimeout());
                executor.shutdownNow();
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        } finally {
            heartbeats.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    /**
     * Stops after the shutdown drain (which goes first, so a load balancer moves traffic away at
     * once) and before the web server: requests still arriving during the drain may enqueue jobs.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    private void poll() {
        signal.register();
        while (active) {
            try {
                enqueueDueSchedules();
                int free = settings.concurrency() - running.size();
                int claimed = 0;
                if (free > 0 && !handlers.isEmpty()) {
                    for (ClaimedJob job : queue.claim(id, handlers.keySet(), free, settings.lease())) {
                        // Listed before it starts, so a job that ends at once is never left listed.
                        FutureTask<Void> task = new FutureTask<>(() -> run(job), null);
                        running.put(job.id(), new Running(job, task));
                        executor.execute(task);
                        claimed++;
                    }
                }
                if (claimed < free || free <= 0) {
                    signal.await(settings.pollInterval());
                }
            } catch (RuntimeException e) {
                if (active) {
                    log.warn("Could not claim jobs; trying again in {}", settings.pollInterval(), e);
                    signal.await(settings.pollInterval());
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <P> void run(ClaimedJob job) {
        JobHandler<P> handler = (JobHandler<P>) handlers.get(job.type());
        P payload = null;
        Throwable failure = null;
        boolean abandoned = false;
        try {
            payload = Jobs.JSON.readValue(job.payload(), handler.type().payloadType());
            // Attempts beyond the limit mean earlier ones ended without a word: their worker died
            // mid-job, perhaps because of this very job, so it is not run again.
            abandoned = job.attempt() > handler.maxAttempts();
            if (!abandoned) {
                handler.handle(payload);
            }
        } catch (Throwable e) {
            failure = e;
        }
        // Off the list before the outcome is written, so the heartbeat cannot take a finished job
        // for a lost one.
        running.remove(job.id());
        try {
            if (abandoned) {
                giveUp(handler, job, payload, "The job did not finish in " + handler.maxAttempts() + " attempts");
            } else if (failure != null) {
                failed(handler, job, payload, failure);
            } else if (!queue.complete(id, job)) {
                log.warn("Job {} ({}) finished after its lease was lost; another worker had taken it", job.id(), job.type());
            }
        } catch (RuntimeException e) {
            // The lease runs out and the job is claimed again, as if this worker had died.
            log.error("Could not record the outcome of job {} ({})", job.id(), job.type(), e);
        } finally {
            signal.wake();
        }
    }

    private <P> void failed(JobHandler<P> handler, ClaimedJob job, P payload, Throwable e) {
        if (!active && (e instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
            // Stopping, not failing: hand the job back for another worker or the next start.
            queue.release(id, job);
            return;
        }
        String error = describe(e);
        if (payload != null && isTransient(e)) {
            log.warn("Job {} ({}) is waiting for an outage to end: {}", job.id(), job.type(), error);
            queue.postpone(id, job, settings.retryBackoff(), MAX_OUTAGE_WAIT, error);
            return;
        }
        if (payload == null || job.attempt() >= handler.maxAttempts()) {
            log.error("Job {} ({}) failed for good after {} attempts", job.id(), job.type(), job.attempt(), e);
            giveUp(handler, job, payload, error);
            return;
        }
        Duration wait = settings.backoff(job.attempt());
        log.warn("Job {} ({}) failed on attempt {}; retrying in {}", job.id(), job.type(), job.attempt(), wait, e);
        queue.retryLater(id, job, wait, error);
    }

    private <P> void giveUp(JobHandler<P> handler, ClaimedJob job, P payload, String error) {
        if (!queue.bury(id, job, error)) {
            return;
        }
        if (payload != null) {
            try {
                handler.giveUp(payload, error);
            } catch (RuntimeException e) {
                log.error("Giving up on job {} ({}) failed too", job.id(), job.type(), e);
            }
        }
    }

    private void heartbeat() {
        for (Running each : running.values()) {
            try {
                if (!queue.heartbeat(id, each.job(), settings.lease()) && running.containsKey(each.job().id())) {
                    log.warn("Lost the lease on job {} ({}); stopping it", each.job().id(), each.job().type());
                    each.future().cancel(true);
                }
            } catch (RuntimeException e) {
                log.warn("Heartbeat for job {} failed", each.job().id(), e);
            }
        }
    }

    private void enqueueDueSchedules() {
        long now = System.nanoTime();
        if (recurring.isEmpty() || now - nextScheduleCheck < 0) {
            return;
        }
        nextScheduleCheck = now + SCHEDULE_CHECK.toNanos();
        for (RecurringJob<?> schedule : recurring) {
            transactions.executeWithoutResult(status -> enqueueIfDue(schedule));
        }
    }

    private <P> void enqueueIfDue(RecurringJob<P> schedule) {
        if (queue.takeScheduledRun(schedule.type().name(), schedule.interval())) {
            jobs.enqueue(schedule.type(), schedule.payload());
        }
    }

    private static boolean isTransient(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientFailure) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String text = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }

    private static String workerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return host + "/" + ProcessHandle.current().pid() + "/" + HexFormat.of().formatHex(random);
    }
}
