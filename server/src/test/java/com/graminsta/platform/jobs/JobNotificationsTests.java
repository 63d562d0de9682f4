package com.graminsta.platform.jobs;

import static com.graminsta.platform.jobs.JobWorkerTests.await;
import static com.graminsta.platform.jobs.JobWorkerTests.pause;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.graminsta.platform.Roles;
import com.graminsta.platform.jobs.JobWorkerTests.Numbered;
import com.graminsta.platform.jobs.JobWorkerTests.Recording;
import com.graminsta.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A worker whose next poll is ten minutes away runs a job that another process enqueued: it
 * learnt of it from PostgreSQL's NOTIFY, also after its listening connection was cut.
 */
class JobNotificationsTests extends IntegrationTest {

    /** Far beyond the tests' 30 s waits: only a notification can start the job in time. */
    private static final WorkerSettings RARE_POLLS = new WorkerSettings(true, 2, Duration.ofMinutes(10),
            Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5));

    @Autowired
    JobQueue queue;
    @Autowired
    Jobs jobs;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    private final Recording handler = new Recording();
    private JobWorker worker;
    private JobNotifications notifications;
    /** Enqueues as another process would: its signal reaches no worker of this test. */
    private Jobs elsewhere;

    @BeforeEach
    void startIdleWorker() {
        int othersListening = listenerPids().size();
        JobSignal signal = new JobSignal();
        notifications = new JobNotifications(dataSource, signal, RARE_POLLS, Roles.ALL);
        worker = new JobWorker(queue, List.of(handler), List.of(), jobs, signal, transactions, RARE_POLLS, Roles.ALL);
        notifications.start();
        worker.start();
        elsewhere = new Jobs(queue, new JobSignal());
        await(() -> listenerPids().size() > othersListening);
        // The worker's first look for jobs is behind it: from now on it waits ten minutes.
        pause(300);
    }

    @AfterEach
    void stop() {
        worker.stop();
        notifications.stop();
    }

    @Test
    void jobEnqueuedByAnotherProcessStartsWithoutWaitingForThePoll() {
        transactions.executeWithoutResult(status -> elsewhere.enqueue(handler.type, new Numbered(1)));

        await(() -> handler.runsOf(1) == 1);
    }

    @Test
    void listeningResumesAfterItsConnectionIsCut() {
        List<Integer> cut = listenerPids();
        jdbc.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid IN (:pids)").param("pids", cut)
                .query().listOfRows();
        await(() -> {
            List<Integer> now = listenerPids();
            return now.size() >= cut.size() && now.stream().noneMatch(cut::contains);
        });

        transactions.executeWithoutResult(status -> elsewhere.enqueue(handler.type, new Numbered(2)));

        await(() -> handler.runsOf(2) == 1);
    }

    /** Connections whose last statement was the LISTEN: this test's and any the context started. */
    private List<Integer> listenerPids() {
        return jdbc.sql("SELECT pid FROM pg_stat_activity WHERE query = 'LISTEN " + JobNotifications.CHANNEL + "'")
                .query(Integer.class).list();
    }
}
