package com.graminsta.posts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.Photos;
import com.graminsta.support.QueryCounter;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Statuses and their photos through the cache, with the database's statements counted: a post
 * rendered again reads neither, and every like, comment, photo edit and deletion shows at once.
 */
@Import(QueryCounter.class)
class StatusCacheTests extends IntegrationTest {

    @Autowired
    QueryCounter queries;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPostRenderedAgainReadsNeitherItsRowNorItsPhotos() {
        TestUser alice = users().register();
        String id = post(alice, "The sea");
        String comment = comment(alice, id, "Cold today");
        status(id, alice);
        status(comment, alice);
        long before = statusAndPhotoReads();
        for (int i = 0; i < 3; i++) {
            assertThat(status(id, alice).get("media_attachments")).hasSize(1);
            assertThat(status(comment, alice).get("media_attachments")).isEmpty();
        }
        assertThat(statusAndPhotoReads() - before).isZero();
    }

    @Test
    void aPublicPostSeenAgainAsksTheDatabaseOnlyWhatTheViewerMarked() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        String id = post(alice, "The sea");
        status(id, bob);
        long reads = statusAndPhotoReads();
        long blockReads = queries.count(sql -> sql.contains("FROM blocks"));
        long markReads = markReads();
        long mentionReads = queries.count(sql -> sql.contains("FROM mentions"));

        status(id, bob);

        assertThat(statusAndPhotoReads() - reads).as("the status and its photos").isZero();
        assertThat(queries.count(sql -> sql.contains("FROM blocks")) - blockReads).as("blocks either way").isZero();
        assertThat(queries.count(sql -> sql.contains("FROM mentions")) - mentionReads).as("a text naming no one").isZero();
        assertThat(markReads() - markReads).as("the viewer's likes and bookmarks").isZero();
    }

    @Test
    void theMentionsOfAStatusAreReadOnce() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        String id = post(alice, "The sea");
        String comment = comment(alice, id, "@" + bob.username() + " look");
        assertThat(status(comment, alice).get("mentions")).hasSize(1);
        long mentionReads = queries.count(sql -> sql.contains("FROM mentions"));

        JsonNode again = status(comment, alice);

        assertThat(again.get("mentions").get(0).get("id").asString()).isEqualTo(bob.id());
        assertThat(queries.count(sql -> sql.contains("FROM mentions")) - mentionReads).isZero();
    }

    @Test
    void aLikeOrBookmarkShowsAtOnceToWhoeverMadeIt() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        String id = post(alice, "The sea");
        assertThat(status(id, bob).get("favourited").asBoolean()).isFalse();

        assertThat(api().post("/api/v1/statuses/" + id + "/favourite", bob.token()).status()).isEqualTo(200);
        assertThat(status(id, bob).get("favourited").asBoolean()).isTrue();
        assertThat(api().post("/api/v1/statuses/" + id + "/bookmark", bob.token()).status()).isEqualTo(200);
        assertThat(status(id, bob).get("bookmarked").asBoolean()).isTrue();
        assertThat(api().post("/api/v1/statuses/" + id + "/unfavourite", bob.token()).status()).isEqualTo(200);
        assertThat(api().post("/api/v1/statuses/" + id + "/unbookmark", bob.token()).status()).isEqualTo(200);
        JsonNode after = status(id, bob);
        assertThat(after.get("favourited").asBoolean()).isFalse();
        assertThat(after.get("bookmarked").asBoolean()).isFalse();
        assertThat(status(id, alice).get("favourited").asBoolean()).as("alice's own marks").isFalse();
    }

    @Test
    void anAccountWithMoreLikesThanTheCacheKeepsIsAskedPerPage() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        String id = post(alice, "The sea");
        jdbc.sql("""
                        INSERT INTO statuses (id, account_id, post_account_id, visibility)
                        SELECT next_id(0), :alice, :alice, 'public' FROM generate_series(1, :count)""")
                .param("alice", Long.parseLong(alice.id()))
                .param("count", MarkedStatuses.CACHED_MAX)
                .update();
        jdbc.sql("INSERT INTO favourites (id, account_id, status_id) SELECT next_id(0), :bob, id FROM statuses WHERE account_id = :alice")
                .param("bob", Long.parseLong(bob.id()))
                .param("alice", Long.parseLong(alice.id()))
                .update();
        assertThat(status(id, bob).get("favourited").asBoolean()).isTrue();
        long pageReads = queries.count(sql -> sql.contains("FROM favourites") && sql.contains("status_id IN"));

        assertThat(status(id, bob).get("favourited").asBoolean()).isTrue();

        assertThat(queries.count(sql -> sql.contains("FROM favourites") && sql.contains("status_id IN")) - pageReads).isEqualTo(1);
    }

    @Test
    void aBlockHidesACachedPostAtOnceAndAnUnblockShowsIt() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        String id = post(alice, "The sea");
        status(id, bob);

        assertThat(api().post("/api/v1/accounts/" + alice.id() + "/block", bob.token()).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/statuses/" + id, bob.token()).status()).isEqualTo(404);
        assertThat(api().post("/api/v1/accounts/" + alice.id() + "/unblock", bob.token()).status()).isEqualTo(200);
        status(id, bob);

        assertThat(api().post("/api/v1/accounts/" + bob.id() + "/block", alice.token()).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/statuses/" + id, bob.token()).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/statuses/" + id + "/context", bob.token()).status()).isEqualTo(404);
    }

    @Test
    void likesAndCommentsCountAtOnce() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        String id = post(alice, "The sea");
        assertThat(status(id, bob).get("favourites_count").asInt()).isZero();

        assertThat(api().post("/api/v1/statuses/" + id + "/favourite", bob.token()).status()).isEqualTo(200);
        assertThat(status(id, alice).get("favourites_count").asInt()).isEqualTo(1);
        String comment = comment(bob, id, "Lovely");
        assertThat(status(id, alice).get("replies_count").asInt()).isEqualTo(1);

        assertThat(api().post("/api/v1/statuses/" + id + "/unfavourite", bob.token()).status()).isEqualTo(200);
        assertThat(status(id, alice).get("favourites_count").asInt()).isZero();
        assertThat(api().delete("/api/v1/statuses/" + comment, bob.token()).status()).isEqualTo(200);
        assertThat(status(id, alice).get("replies_count").asInt()).isZero();
    }

    @Test
    void anEditedPhotoDescriptionShowsAtOnce() {
        TestUser alice = users().register();
        String mediaId = Photos.processed(api(), alice);
        String id = posted(alice, Map.of("status", "The sea", "media_ids", List.of(mediaId)));
        assertThat(status(id, alice).get("media_attachments").get(0).get("description").asString()).isEmpty();

        Api.Response described = api().send("PUT", "/api/v1/media/" + mediaId, alice.token(), "application/x-www-form-urlencoded",
                Api.encode(Api.form("description", "Waves at dusk")).getBytes(StandardCharsets.UTF_8));
        assertThat(described.status()).as(described.toString()).isEqualTo(200);
        assertThat(status(id, alice).get("media_attachments").get(0).get("description").asString()).isEqualTo("Waves at dusk");
    }

    @Test
    void aDeletedPostAndItsCommentsAreGone() {
        TestUser alice = users().register();
        String id = post(alice, "The sea");
        String comment = comment(alice, id, "Cold today");
        status(id, alice);
        status(comment, alice);

        assertThat(api().delete("/api/v1/statuses/" + id, alice.token()).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/statuses/" + id, alice.token()).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/statuses/" + comment, alice.token()).status()).isEqualTo(404);
    }

    private String post(TestUser author, String text) {
        return posted(author, Map.of("status", text, "media_ids", List.of(Photos.processed(api(), author))));
    }

    private String comment(TestUser author, String statusId, String text) {
        return posted(author, Map.of("status", text, "in_reply_to_id", statusId));
    }

    private String posted(TestUser author, Map<String, Object> body) {
        Api.Response posted = api().postJson("/api/v1/statuses", author.token(), body);
        assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
        return posted.json().get("id").asString();
    }

    private JsonNode status(String id, TestUser viewer) {
        Api.Response status = api().get("/api/v1/statuses/" + id, viewer.token());
        assertThat(status.status()).as(status.toString()).isEqualTo(200);
        return status.json();
    }

    private long markReads() {
        return queries.count(sql -> sql.contains("FROM favourites") && sql.contains("FROM bookmarks"));
    }

    private long statusAndPhotoReads() {
        return queries.count(sql -> sql.contains("FROM statuses s WHERE s.id IN")
                || sql.contains("FROM media_attachments WHERE status_id IN"));
    }
}
