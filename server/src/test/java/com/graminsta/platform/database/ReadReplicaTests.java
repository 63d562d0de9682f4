package com.graminsta.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.graminsta.accounts.Accounts;
import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.Photos;
import com.graminsta.support.ReplicatedPostgres;
import com.graminsta.support.TestUsers.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stage 6's read replicas, on a real primary with two streaming replicas: read-only transactions
 * go to the replicas, each writer reads its own writes back at once (from the primary, until a
 * replica has replayed them), a replica lagging past the bound leaves the rotation, and one
 * killed under reads fails no request.
 */
@ContextConfiguration(initializers = ReadReplicaTests.Replicated.class)
class ReadReplicaTests extends IntegrationTest {

    /** The bound in this context; the delays below are chosen on either side of it. */
    private static final Duration MAX_LAG = Duration.ofSeconds(4);
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

    private static ReplicatedPostgres postgres;

    @Autowired
    private MeterRegistry meters;
    @Autowired
    private Accounts accounts;
    @Autowired
    private TransactionTemplate transactions;

    private TestUser alice;
    private TestUser bob;

    static class Replicated implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            postgres = ReplicatedPostgres.start(2);
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("replicated database", Map.of(
                    "graminsta.database.url", postgres.primaryUrl(),
                    "graminsta.database.username", postgres.user(),
                    "graminsta.database.replica-urls", String.join(",", postgres.replicaUrls()),
                    "graminsta.database.replica-max-lag", MAX_LAG.toMillis() + "ms",
                    "graminsta.database.replica-check-interval", CHECK_INTERVAL.toMillis() + "ms")));
        }
    }

    @BeforeEach
    void twoPeopleAndHealthyReplicas() {
        alice = users().register();
        bob = users().register();
        awaitOnline(2);
    }

    @AfterEach
    void undelay() {
        postgres.delay(0, Duration.ZERO);
        postgres.delay(1, Duration.ZERO);
    }

    @Test
    void theWriterSeesItsPostLikeAndProfileEditAtOnceAndOthersOnceTheReplicasReplayThem() {
        String bobsPost = post(bob, photo(bob), "Bob's first");
        String photo = photo(alice);
        Duration delay = Duration.ofSeconds(2);
        delayBothReplicas(delay);

        String alicesPost = post(alice, photo, "Alice's first");
        ok(api().post("/api/v1/statuses/" + bobsPost + "/favourite", alice.token()));
        ok(api().patchJson("/api/v1/accounts/update_credentials", alice.token(), Map.of("display_name", "Alice Anew")));
        long written = System.nanoTime();

        // Someone else reads a replica, which has not replayed them yet. (The profile, and a post
        // with its counters, come from the caches, which load from the primary: a fill from a
        // replica would be the old value, for everyone, until it expired. So Bob may see the
        // like's count, the post's page and the new name before the replicas do; the public
        // timeline is a query, on a replica.)
        assertThat(onPublicTimeline(bob, alicesPost)).isFalse();
        get("/api/v1/statuses/" + bobsPost, bob);
        get("/api/v1/accounts/" + alice.id(), bob);

        // The writer, at once, on every read path: the post, the like, the profile.
        assertThat(get("/api/v1/statuses/" + alicesPost, alice).status()).isEqualTo(200);
        assertThat(get("/api/v1/timelines/home", alice).body()).contains(alicesPost);
        assertThat(get("/api/v1/accounts/" + alice.id() + "/statuses", alice).body()).contains(alicesPost);
        assertThat(get("/api/v1/statuses/" + bobsPost, alice).json().get("favourited").asBoolean()).isTrue();
        assertThat(get("/api/v1/accounts/" + alice.id(), alice).json().get("display_name").asString()).isEqualTo("Alice Anew");

        // The others see them once a replica has: within the delay and a margin.
        Awaitility.await().atMost(delay.plusSeconds(3)).pollInterval(Duration.ofMillis(100)).until(() ->
                onPublicTimeline(bob, alicesPost)
                        && get("/api/v1/statuses/" + alicesPost, bob).status() == 200
                        && get("/api/v1/statuses/" + bobsPost, bob).json().get("favourites_count").asInt() == 1
                        && get("/api/v1/accounts/" + alice.id(), bob).json().get("display_name").asString().equals("Alice Anew"));
        assertThat(Duration.ofNanos(System.nanoTime() - written)).isGreaterThanOrEqualTo(delay.minusMillis(500));
    }

    @Test
    void aNewAccountFindsItselfAtOnce() {
        delayBothReplicas(Duration.ofSeconds(2));
        TestUser carol = users().register();
        Api.Response me = get("/api/v1/accounts/verify_credentials", carol);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo(carol.username());
    }

    @Test
    void aReadWhoseFirstQueryIsACacheMissReadsTheRestFromAReplica() {
        String post = post(alice, photo(alice), "Not cached yet");
        ok(api().postJson("/api/v1/statuses", bob.token(), Map.of("status", "A reply", "in_reply_to_id", post)));
        postgres.awaitCaughtUp(Duration.ofMillis(500));
        awaitOnline(2);
        double onReplicas = readsOn("replica");

        // Someone signed out, who wrote nothing: the post, which the reply has just evicted, is
        // loaded into the cache from the primary, and its replies are looked up on a replica.
        ok(api().get("/api/v1/statuses/" + post + "/context", null));

        assertThat(readsOn("replica")).isGreaterThan(onReplicas);
    }

    @Test
    void aProfileChangedWhileTheReplicasLagIsLoadedFromThePrimaryForEveryone() {
        delayBothReplicas(Duration.ofSeconds(2));
        countAPost(alice);
        double onReplicas = readsOn("replica");

        // The count evicted the profile; the next read, by someone signed out, loads it from the
        // primary, which alone has the count yet.
        Api.Response profile = profileOf(alice);
        ok(profile);
        assertThat(profile.json().get("statuses_count").asInt()).isEqualTo(1);
        assertThat(readsOn("replica")).isEqualTo(onReplicas);
    }

    @Test
    void whileThePrimaryIsDownAValueEvictedJustBeforeIsReadFromAReplica() throws Exception {
        String post = post(alice, photo(alice), "Liked, then the primary dies");
        ok(api().post("/api/v1/statuses/" + post + "/favourite", bob.token()));
        int posts = profileOf(alice).json().get("statuses_count").asInt();
        countAPost(alice);
        postgres.awaitCaughtUp(Duration.ofMillis(500));
        postgres.killPrimary();
        try {
            // Once a health check has missed the primary, a cache load does not wait for it (the
            // pool would, for 30 s, then fail the request): a replica answers.
            Thread.sleep(CHECK_INTERVAL.multipliedBy(2).plusSeconds(2).toMillis());
            Api.Response read = api().get("/api/v1/statuses/" + post, null);
            ok(read);
            assertThat(read.json().get("favourites_count").asInt()).isEqualTo(1);
            Api.Response profile = profileOf(alice);
            ok(profile);
            assertThat(profile.json().get("statuses_count").asInt()).isEqualTo(posts + 1);
        } finally {
            postgres.startPrimary();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> api().get("/api/v1/statuses/" + post, bob.token()).status() == 200);
    }

    @Test
    void aReplicaLaggingMoreThanTheBoundLeavesTheRotationUntilItCatchesUp() {
        String photo = photo(alice);
        Duration delay = MAX_LAG.multipliedBy(2);
        delayBothReplicas(delay);
        String alicesPost = post(alice, photo, "Lagging");
        long written = System.nanoTime();
        assertThat(onPublicTimeline(bob, alicesPost)).isFalse();

        // Both replicas fall behind the bound and leave; the primary serves everyone.
        awaitOnline(0);
        assertThat(onPublicTimeline(bob, alicesPost)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - written)).isLessThan(delay);

        // Once they have replayed the write, they are back.
        postgres.delay(0, Duration.ZERO);
        postgres.delay(1, Duration.ZERO);
        awaitOnline(2);
    }

    @Test
    void aReplicaKilledUnderReadsFailsNoRequest() throws Exception {
        String post = post(alice, photo(alice), "Read me");
        awaitVisible(bob, "/api/v1/statuses/" + post);
        List<String> paths = List.of("/api/v1/statuses/" + post, "/api/v1/accounts/" + alice.id(),
                "/api/v1/accounts/" + alice.id() + "/statuses", "/api/v1/timelines/public");
        double before = readsOn("replica");
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean reading = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8; i++) {
            String path = paths.get(i % paths.size());
            readers.submit(() -> {
                while (reading.get()) {
                    Api.Response response = get(path, bob);
                    reads.incrementAndGet();
                    if (response.status() != 200) {
                        failures.add(path + " → " + response.status() + " " + response.body());
                    }
                }
            });
        }
        try {
            Thread.sleep(1000);
            postgres.kill(0);
            Thread.sleep(1500);
            postgres.kill(1);
            Thread.sleep(1500);
        } finally {
            reading.set(false);
            readers.shutdown();
            assertThat(readers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            postgres.startReplica(0);
            postgres.startReplica(1);
        }
        assertThat(failures).isEmpty();
        assertThat(reads.get()).isGreaterThan(50);
        assertThat(readsOn("replica")).isGreaterThan(before);
        awaitOnline(2);
    }

    /**
     * Once the replicas have replayed everything so far, and a health check has seen it (else the
     * test's earlier writers still read the primary): what a test writes next is late.
     */
    private void delayBothReplicas(Duration delay) {
        postgres.awaitCaughtUp(Duration.ofMillis(500).plus(CHECK_INTERVAL.multipliedBy(3)));
        postgres.delay(0, delay);
        postgres.delay(1, delay);
    }

    /** A change to the account's row that nothing reads back: the next read of the profile is a cache miss. */
    private void countAPost(TestUser owner) {
        transactions.executeWithoutResult(status -> accounts.countPost(Long.parseLong(owner.id()), 1));
    }

    private Api.Response profileOf(TestUser owner) {
        return api().get("/api/v1/accounts/" + owner.id(), null);
    }

    /** Uploaded and processed before a test delays the replicas: processing writes too. */
    private String photo(TestUser owner) {
        return Photos.processed(api(), owner);
    }

    private String post(TestUser author, String media, String text) {
        Api.Response created = api().postJson("/api/v1/statuses", author.token(),
                Map.of("status", text, "media_ids", List.of(media), "visibility", "public"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().get("id").asString();
    }

    private Api.Response get(String path, TestUser viewer) {
        return api().get(path, viewer.token());
    }

    /**
     * Whether the post is on the public timeline for the viewer: its query runs where the
     * request's reads go. (A post's page may come whole from the status cache, which loads from
     * the primary.)
     */
    private boolean onPublicTimeline(TestUser viewer, String statusId) {
        return get("/api/v1/timelines/public?limit=40", viewer).body().contains("\"id\":\"" + statusId + "\"");
    }

    private void awaitVisible(TestUser viewer, String path) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> get(path, viewer).status() == 200);
    }

    private void awaitOnline(int count) {
        Awaitility.await().atMost(MAX_LAG.multipliedBy(3)).pollInterval(Duration.ofMillis(100)).until(() ->
                meters.find("graminsta.database.replica.online").gauges().stream().mapToDouble(g -> g.value()).sum() == count);
    }

    private double readsOn(String target) {
        return meters.get("graminsta.database.reads").tag("on", target).counter().count();
    }

    private static void ok(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }
}
