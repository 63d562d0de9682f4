package com.graminsta.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.Instances;
import com.graminsta.support.Photos;
import com.graminsta.support.RedisProcess;
import com.graminsta.support.ReplicatedPostgres;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stage 6 as it runs: two instances, a primary with two replicas that replay every commit two
 * seconds late, and Redis, where each writer's last commit position is noted. Whatever instance
 * and replica the next request reaches, the writer reads its own writes; the others see them once
 * a replica has replayed them.
 */
class ReadYourWritesAcrossInstancesTests {

    private static final Duration DELAY = Duration.ofSeconds(2);

    private static ReplicatedPostgres postgres;
    private static RedisProcess redis;
    private static Instances instances;

    @BeforeAll
    static void start() {
        postgres = ReplicatedPostgres.start(2);
        redis = RedisProcess.start();
        instances = new Instances(postgres.primaryUrl(), 2,
                "--graminsta.database.replica-urls=" + String.join(",", postgres.replicaUrls()),
                "--graminsta.database.replica-check-interval=200ms",
                "--graminsta.redis.url=" + redis.url(),
                // Two servers share this JVM's two cores; see RedisCacheAcrossInstancesTests.
                "--graminsta.redis.command-timeout=1s");
    }

    @AfterAll
    static void stop() {
        if (instances != null) {
            instances.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void undelay() {
        postgres.delay(0, Duration.ZERO);
        postgres.delay(1, Duration.ZERO);
    }

    @Test
    void aWriteThroughOneInstanceIsReadBackThroughTheOtherAtOnce() {
        Api first = instances.api(0);
        Api second = instances.api(1);
        TestUser alice = TestUsers.on(first).register();
        TestUser bob = TestUsers.on(first).register();
        String photo = Photos.processed(first, alice);
        String bobsPost = post(first, bob, Photos.processed(first, bob));
        postgres.awaitCaughtUp(Duration.ofMillis(500));
        postgres.delay(0, DELAY);
        postgres.delay(1, DELAY);

        String alicesPost = post(first, alice, photo);
        ok(first.post("/api/v1/statuses/" + bobsPost + "/favourite", alice.token()));
        ok(first.post("/api/v1/accounts/" + bob.id() + "/follow", alice.token()));
        long written = System.nanoTime();

        // A post's page reads the status cache, which loads from the primary; the public timeline
        // is a query, on a replica, which has not replayed the post yet.
        assertThat(onPublicTimeline(second, bob, alicesPost)).isFalse();
        for (int i = 0; i < 4; i++) { // both replicas, in turn
            assertThat(onPublicTimeline(second, alice, alicesPost)).isTrue();
            assertThat(second.get("/api/v1/statuses/" + alicesPost, alice.token()).status()).isEqualTo(200);
            assertThat(second.get("/api/v1/statuses/" + bobsPost, alice.token()).json().get("favourited").asBoolean()).isTrue();
            assertThat(second.get("/api/v1/accounts/" + alice.id() + "/following", alice.token()).body()).contains(bob.id());
        }
        Awaitility.await().atMost(DELAY.plusSeconds(3)).pollInterval(Duration.ofMillis(100)).until(() ->
                onPublicTimeline(second, bob, alicesPost)
                        && second.get("/api/v1/accounts/" + alice.id() + "/following", bob.token()).body().contains(bob.id()));
        assertThat(Duration.ofNanos(System.nanoTime() - written)).isGreaterThanOrEqualTo(DELAY.minusMillis(500));
    }

    @Test
    void anAccountSignedUpThroughOneInstanceFindsItselfThroughTheOther() {
        postgres.awaitCaughtUp(Duration.ofMillis(500));
        postgres.delay(0, DELAY);
        postgres.delay(1, DELAY);
        TestUser carol = TestUsers.on(instances.api(0)).register();
        Api.Response me = instances.api(1).get("/api/v1/accounts/verify_credentials", carol.token());
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
    }

    private static boolean onPublicTimeline(Api api, TestUser viewer, String statusId) {
        return api.get("/api/v1/timelines/public?limit=40", viewer.token()).body().contains("\"id\":\"" + statusId + "\"");
    }

    private static String post(Api api, TestUser author, String media) {
        Api.Response created = api.postJson("/api/v1/statuses", author.token(),
                Map.of("status", "Hello", "media_ids", List.of(media), "visibility", "public"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().get("id").asString();
    }

    private static void ok(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }
}
