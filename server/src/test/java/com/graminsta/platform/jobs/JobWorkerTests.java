package com.graminsta.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.graminsta.platform.Roles;
import com.graminsta.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The queue against the real PostgreSQL, with workers made in the test. */
class JobWorkerTests extends IntegrationTest {

    private static final WorkerSettings FAST = new WorkerSettings(true, 4, Duration.ofMillis(50), Duration.ofSeconds(2),
            Duration.ofMillis(50), Duration.ofSeconds(5));

    @Autowired
    JobQueue queue;
    @Autowired
    Jobs jobs;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    private final List<JobWorker> workers = new ArrayList<>();

    record Numbered(int number) {
    }

    /** A handler for a type of its own, so tests never see each other's jobs. */
    static final class Recording implements JobHandler<Numbered> {

        final JobType<Numbered> type = JobType.of("test." + System.nanoTime() + "." + ThreadLocalRandom.current().nextInt(1000),
                Numbered.class);
        final Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
        final Map<Integer, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        final AtomicInteger overlaps = new AtomicInteger();
        final List<String> givenUp = new CopyOnWriteArrayList<>();
        Consumer<Numbered> body = payload -> {
        };
        int maxAttempts = 3;

        @Override
        public JobType<Numbered> type() {
            return type;
        }

        @Override
        public void handle(Numbered payload) {
            if (inFlight.computeIfAbsent(payload.number(), n -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                runs.computeIfAbsent(payload.number(), n -> new AtomicInteger()).incrementAndGet();
                body.accept(payload);
            } finally {
                inFlight.get(payload.number()).decrementAndGet();
            }
        }

        @Override
        public int maxAttempts() {
            return maxAttempts;
        }

        @Override
        public void giveUp(Numbered payload, String lastError) {
            givenUp.add(lastError);
        }

        int runsOf(int number) {
            AtomicInteger count = runs.get(number);
            return count == null ? 0 : count.get();
        }
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(JobWorker::stop);
    }

    private JobWorker startWorker(JobHandler<?> handler, RecurringJob<?>... recurring) {
        JobWorker worker = new JobWorker(queue, List.of(handler), List.of(recurring), jobs, new JobSignal(), transactions, FAST, Roles.ALL);
        workers.add(worker);
        worker.start();
        return worker;
    }

    private long jobsOfType(JobType<?> type) {
        return jdbc.sql("SELECT count(*) FROM jobs WHERE type = :type").param("type", type.name()).query(Long.class).single();
    }

    @Test
    void jobEnqueuedInACommittedTransactionRunsOnceAndIsDeleted() {
        Recording handler = new Recording();
        startWorker(handler);

        transactions.executeWithoutResult(status -> jobs.enqueue(handler.type, new Numbered(1)));

        await(() -> handler.runsOf(1) == 1 && jobsOfType(handler.type) == 0);
        assertThat(handler.runsOf(1)).isEqualTo(1);
    }

    @Test
    void theQueuesFiguresCountWaitingJobsButNotClaimedOrLaterOnesAndAgeTheOldest() {
        String type = "test.stats-" + ThreadLocalRandom.current().nextInt(1_000_000);
        for (String runAt : List.of("now() - interval '90 seconds'", "now() - interval '10 seconds'", "now() + interval '1 hour'")) {
            jdbc.sql("INSERT INTO jobs (type, payload, run_at) VALUES (:type, '{}', " + runAt + ")").param("type", type).update();
        }
        // Claimed: its run_at is the end of its lease.
        jdbc.sql("INSERT INTO jobs (type, payload, run_at, locked_by, attempts) VALUES (:type, '{}', now() + interval '30 seconds', 'w', 1)")
                .param("type", type).update();
        try {
            JobQueue.TypeStats stats = queue.stats().stream().filter(line -> line.type().equals(type)).findFirst().orElseThrow();
            assertThat(stats.queued()).isEqualTo(4);
            assertThat(stats.waiting()).isEqualTo(2);
            assertThat(stats.oldestWaitingSeconds()).isBetween(90.0, 120.0);
        } finally {
            jdbc.sql("DELETE FROM jobs WHERE type = :type").param("type", type).update();
        }
    }

    @Test
    void jobEnqueuedInARolledBackTransactionNeverExists() {
        Recording handler = new Recording();

        transactions.executeWithoutResult(status -> {
            jobs.enqueue(handler.type, new Numbered(1));
            status.setRollbackOnly();
        });

        assertThat(jobsOfType(handler.type)).isZero();
    }

    @Test
    void manyWorkersRunEachJobExactlyOnceAndNeverTwoAtATime() {
        Recording handler = new Recording();
        handler.body = payload -> pause(ThreadLocalRandom.current().nextInt(3));
        int count = 300;
        for (int i = 0; i < count; i++) {
            jobs.enqueue(handler.type, new Numbered(i));
        }

        for (int i = 0; i < 3; i++) {
            startWorker(handler);
        }

        await(() -> jobsOfType(handler.type) == 0);
        assertThat(handler.runs).hasSize(count);
        assertThat(handler.runs.values()).allSatisfy(runs -> assertThat(runs.get()).isEqualTo(1));
        assertThat(handler.overlaps.get()).isZero();
    }

    @Test
    void jobOfAWorkerThatDiedRunsAgainOnceItsLeaseRunsOut() {
        Recording handler = new Recording();
        jobs.enqueue(handler.type, new Numbered(7));
        // A worker claims it and dies without a word: no heartbeat, no outcome.
        assertThat(queue.claim("dead-worker", List.of(handler.type.name()), 10, Duration.ofSeconds(1))).hasSize(1);

        startWorker(handler);

        await(() -> jobsOfType(handler.type) == 0);
        assertThat(handler.runsOf(7)).isEqualTo(1);
    }

    @Test
    void workerThatLostItsLeaseCannotRecordAnOutcome() {
        Recording handler = new Recording();
        jobs.enqueue(handler.type, new Numbered(1));
        ClaimedJob first = queue.claim("stalled", List.of(handler.type.name()), 1, Duration.ofSeconds(30)).getFirst();
        jdbc.sql("UPDATE jobs SET run_at = now() - interval '1 second' WHERE id = :id").param("id", first.id()).update();
        ClaimedJob second = queue.claim("healthy", List.of(handler.type.name()), 1, Duration.ofSeconds(30)).getFirst();

        assertThat(second.attempt()).isEqualTo(first.attempt() + 1);
        assertThat(queue.heartbeat("stalled", first, Duration.ofSeconds(30))).isFalse();
        assertThat(queue.complete("stalled", first)).isFalse();
        assertThat(queue.retryLater("stalled", first, Duration.ZERO, "late")).isFalse();
        assertThat(jobsOfType(handler.type)).isEqualTo(1);
        assertThat(queue.complete("healthy", second)).isTrue();
        assertThat(jobsOfType(handler.type)).isZero();
    }

    @Test
    void claimedJobsAreNotClaimedAgainWhileTheirLeaseLasts() {
        Recording handler = new Recording();
        jobs.enqueue(handler.type, new Numbered(1));

        assertThat(queue.claim("one", List.of(handler.type.name()), 5, Duration.ofSeconds(30))).hasSize(1);
        assertThat(queue.claim("two", List.of(handler.type.name()), 5, Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void failingJobIsRetriedThenGivenUpOnAndKeptAsDead() {
        Recording handler = new Recording();
        handler.body = payload -> {
            throw new IllegalStateException("the disk is on fire");
        };
        startWorker(handler);

        jobs.enqueue(handler.type, new Numbered(1));

        await(() -> handler.givenUp.size() == 1);
        assertThat(handler.runsOf(1)).isEqualTo(3);
        assertThat(handler.givenUp.getFirst()).contains("the disk is on fire");
        var dead = jdbc.sql("SELECT state, attempts, last_error FROM jobs WHERE type = :type")
                .param("type", handler.type.name()).query().singleRow();
        assertThat(dead.get("state")).isEqualTo("dead");
        assertThat(dead.get("attempts")).isEqualTo(3);
        assertThat((String) dead.get("last_error")).contains("the disk is on fire");
    }

    /** What a store's outage looks like to the worker. */
    static final class Outage extends RuntimeException implements TransientFailure {

        Outage() {
            super("the store is down");
        }
    }

    @Test
    void jobWaitingOutAnOutageIsRetriedWithoutUsingUpItsAttempts() {
        Recording handler = new Recording();
        AtomicInteger outageLeft = new AtomicInteger(2 * handler.maxAttempts);
        handler.body = payload -> {
            if (outageLeft.getAndDecrement() > 0) {
                throw new Outage();
            }
        };
        startWorker(handler);

        jobs.enqueue(handler.type, new Numbered(1));

        await(() -> jobsOfType(handler.type) == 0);
        assertThat(handler.runsOf(1)).isEqualTo(2 * handler.maxAttempts + 1);
        assertThat(handler.givenUp).isEmpty();
    }

    @Test
    void jobWhoseWorkersKeepDyingIsGivenUpWithoutRunningAgain() {
        Recording handler = new Recording();
        jobs.enqueue(handler.type, new Numbered(1));
        // Three claims whose workers all died mid-job, perhaps killed by this very job.
        jdbc.sql("UPDATE jobs SET attempts = 3, locked_by = 'dead', run_at = now() - interval '1 second' WHERE type = :type")
                .param("type", handler.type.name()).update();

        startWorker(handler);

        await(() -> handler.givenUp.size() == 1);
        assertThat(handler.runsOf(1)).isZero();
        assertThat(handler.givenUp.getFirst()).contains("did not finish in 3 attempts");
    }

    @Test
    void recurringJobIsEnqueuedOncePerIntervalHoweverManyWorkersThereAre() {
        Recording handler = new Recording();
        RecurringJob<Numbered> hourly = RecurringJob.every(Duration.ofHours(1), handler.type, new Numbered(42));

        for (int i = 0; i < 3; i++) {
            startWorker(handler, hourly);
        }

        await(() -> handler.runsOf(42) >= 1 && jobsOfType(handler.type) == 0);
        pause(500);
        assertThat(handler.runsOf(42)).isEqualTo(1);
    }

    @Test
    void scheduleIsDueWhenFirstSeenThenOnlyOnceItsIntervalHasPassed() {
        String name = "schedule-" + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
        Duration hour = Duration.ofHours(1);

        assertThat(queue.takeScheduledRun(name, hour)).isTrue();
        assertThat(queue.takeScheduledRun(name, hour)).isFalse();

        jdbc.sql("UPDATE job_schedules SET next_run_at = now() - interval '1 second' WHERE name = :name")
                .param("name", name).update();
        assertThat(queue.takeScheduledRun(name, hour)).isTrue();
        assertThat(queue.takeScheduledRun(name, hour)).isFalse();
        double secondsAhead = jdbc.sql("SELECT extract(epoch FROM next_run_at - now()) FROM job_schedules WHERE name = :name")
                .param("name", name).query(Double.class).single();
        assertThat(secondsAhead).isBetween(3500.0, 3600.0);
    }

    @Test
    void stoppingWorkerHandsBackTheJobItWasRunning() {
        Recording handler = new Recording();
        handler.body = payload -> pause(60_000);
        WorkerSettings quickDrain = new WorkerSettings(true, 1, Duration.ofMillis(50), Duration.ofSeconds(30),
                Duration.ofMillis(50), Duration.ofMillis(200));
        JobWorker worker = new JobWorker(queue, List.of(handler), List.of(), jobs, new JobSignal(), transactions, quickDrain, Roles.ALL);
        worker.start();
        jobs.enqueue(handler.type, new Numbered(1));
        await(() -> handler.runsOf(1) == 1);

        worker.stop();

        var row = jdbc.sql("SELECT attempts, locked_by FROM jobs WHERE type = :type")
                .param("type", handler.type.name()).query().singleRow();
        assertThat(row.get("attempts")).isEqualTo(0);
        assertThat(row.get("locked_by")).isNull();
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
            pause(20);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
