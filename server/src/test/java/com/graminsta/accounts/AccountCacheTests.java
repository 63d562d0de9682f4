package com.graminsta.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.graminsta.platform.cache.Caches;
import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.Photos;
import com.graminsta.support.QueryCounter;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The account cache through the API, on the default in-process backend, with the database's
 * statements counted: hits stay off the database, and every change shows at once.
 */
@Import(QueryCounter.class)
class AccountCacheTests extends IntegrationTest {

    @Autowired
    QueryCounter queries;
    @Autowired
    Caches caches;
    @Autowired
    Accounts accounts;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;
    @LocalManagementPort
    int managementPort;

    @Test
    void theInProcessCacheIsTheDefault() {
        assertThat(caches.backend()).isEqualTo("local");
    }

    @Test
    void aCachedProfileIsServedWithoutTheDatabase() {
        long id = accountNobodyHasRead("cached");
        long before = queries.accountReads();
        for (int i = 0; i < 5; i++) {
            assertThat(profile(Long.toString(id)).get("username").asString()).startsWith("cached");
        }
        assertThat(queries.accountReads() - before).isEqualTo(1);
    }

    @Test
    void anEditedProfileShowsAtOnce() {
        TestUser alice = users().register();
        assertThat(profile(alice.id()).get("display_name").asString()).isEmpty();

        Api.Response edited = api().patchJson("/api/v1/accounts/update_credentials", alice.token(),
                Map.of("display_name", "Alice A.", "note", "Photos of the sea"));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);

        JsonNode seen = profile(alice.id());
        assertThat(seen.get("display_name").asString()).isEqualTo("Alice A.");
        assertThat(seen.get("note").asString()).isEqualTo("<p>Photos of the sea</p>");
    }

    @Test
    void followsAndPostsCountAtOnceOnBothProfilesAndInPosts() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        assertThat(profile(alice.id()).get("followers_count").asInt()).isZero();
        assertThat(profile(bob.id()).get("following_count").asInt()).isZero();

        assertThat(api().post("/api/v1/accounts/" + alice.id() + "/follow", bob.token()).status()).isEqualTo(200);
        assertThat(profile(alice.id()).get("followers_count").asInt()).isEqualTo(1);
        assertThat(profile(bob.id()).get("following_count").asInt()).isEqualTo(1);

        Api.Response posted = api().postJson("/api/v1/statuses", alice.token(),
                Map.of("status", "The sea", "media_ids", List.of(Photos.processed(api(), alice))));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
        assertThat(posted.json().get("account").get("statuses_count").asInt()).isEqualTo(1);
        assertThat(profile(alice.id()).get("statuses_count").asInt()).isEqualTo(1);

        assertThat(api().post("/api/v1/accounts/" + alice.id() + "/unfollow", bob.token()).status()).isEqualTo(200);
        assertThat(profile(alice.id()).get("followers_count").asInt()).isZero();
    }

    @Test
    void aRolledBackChangeLeavesTheCachedAccountAndIsNeverCached() {
        TestUser alice = users().register();
        profile(alice.id());
        long before = queries.accountReads();

        transactions.executeWithoutResult(status -> {
            jdbc.sql("UPDATE accounts SET display_name = 'Never' WHERE id = :id").param("id", Long.parseLong(alice.id())).update();
            accounts.changed(Long.parseLong(alice.id()));
            // Inside the writing transaction the database is read, uncommitted change included...
            assertThat(accounts.findById(Long.parseLong(alice.id())).orElseThrow().displayName()).isEqualTo("Never");
            status.setRollbackOnly();
        });

        // ...and none of it reaches the cache, which still answers, without the database.
        long inTransaction = queries.accountReads() - before;
        assertThat(profile(alice.id()).get("display_name").asString()).isEmpty();
        assertThat(queries.accountReads() - before).isEqualTo(inTransaction);
    }

    @Test
    void concurrentGetsOfAColdProfileMakeOneQuery() throws Exception {
        long id = accountNobodyHasRead("cold");
        long before = queries.accountReads();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < 32; i++) {
                statuses.add(clients.submit(() -> {
                    start.await();
                    return api().get("/api/v1/accounts/" + id, null).status();
                }));
            }
            start.countDown();
            for (Future<Integer> status : statuses) {
                assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        }
        assertThat(queries.accountReads() - before).isEqualTo(1);
    }

    @Test
    void hitsMissesLoadsAndErrorsArePublishedPerCache() {
        TestUser alice = users().register();
        profile(alice.id());
        profile(alice.id());
        String metrics = new Api("http://127.0.0.1:" + managementPort).get("/actuator/prometheus", null).body();
        for (String counter : List.of("hits", "misses", "loads", "errors")) {
            assertThat(metrics).containsPattern("graminsta_cache_" + counter + "_total\\{cache=\"account\"[^}]*} [0-9.]+");
        }
        assertThat(metrics).doesNotContain("graminsta_redis");
    }

    /** An account made in SQL, as a data import would: no request has read it, so no cache holds it. */
    private long accountNobodyHasRead(String name) {
        return jdbc.sql("INSERT INTO accounts (id, username) VALUES (next_id(0), :username) RETURNING id")
                .param("username", name + System.nanoTime() % 1_000_000_000L)
                .query(Long.class)
                .single();
    }

    private JsonNode profile(String id) {
        Api.Response response = api().get("/api/v1/accounts/" + id, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
