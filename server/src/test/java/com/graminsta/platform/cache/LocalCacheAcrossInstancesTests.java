package com.graminsta.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.Instances;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on the in-process cache (stages 2 to 5 run several): a change made through one
 * reaches the other's cache through PostgreSQL's NOTIFY, well within the 30 s the value would
 * otherwise live.
 */
class LocalCacheAcrossInstancesTests {

    private static Instances instances;

    @BeforeAll
    static void start() {
        instances = new Instances(2);
    }

    @AfterAll
    static void stop() {
        instances.close();
    }

    @Test
    void bothInstancesUseTheirOwnMemory() {
        instances.all().forEach(i -> assertThat(instances.bean(i, Caches.class).backend()).isEqualTo("local"));
    }

    @Test
    void aProfileEditedThroughOneInstanceShowsOnTheOtherWithinASecond() {
        TestUser alice = TestUsers.on(instances.api(0)).register();
        assertThat(displayName(instances.api(1), alice)).isEmpty();
        assertThat(displayName(instances.api(1), alice)).isEmpty();

        Api.Response edited = instances.api(0).patchJson("/api/v1/accounts/update_credentials", alice.token(),
                Map.of("display_name", "Alice A."));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> displayName(instances.api(1), alice).equals("Alice A."));
    }

    @Test
    void aFollowThroughOneInstanceCountsOnTheOther() {
        TestUser alice = TestUsers.on(instances.api(0)).register();
        TestUser bob = TestUsers.on(instances.api(1)).register();
        assertThat(instances.api(1).get("/api/v1/accounts/" + alice.id(), null).json().get("followers_count").asInt()).isZero();

        assertThat(instances.api(0).post("/api/v1/accounts/" + alice.id() + "/follow", bob.token()).status()).isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> instances.api(1).get("/api/v1/accounts/" + alice.id(), null).json().get("followers_count").asInt() == 1);
    }

    private static String displayName(Api api, TestUser user) {
        Api.Response profile = api.get("/api/v1/accounts/" + user.id(), null);
        assertThat(profile.status()).as(profile.toString()).isEqualTo(200);
        return profile.json().get("display_name").asString();
    }
}
