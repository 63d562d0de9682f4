package com.graminsta.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

import com.graminsta.posts.StatusPublished;
import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.Photos;
import com.graminsta.support.TestUsers;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Mastodon streaming API against the running server, through the JDK's WebSocket client and
 * an event-stream reader: what each event carries, who gets it (the REST API's access rules), and
 * the errors Mastodon's streaming server gives.
 */
class StreamingApiTests extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Long enough for an event that is coming to arrive; used only where none may. */
    private static final Duration QUIET = Duration.ofMillis(1500);

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    private Api api;
    private TestUsers users;
    private TestUser alice;
    private TestUser bob;

    @BeforeEach
    void setUp() {
        api = api();
        users = users();
        alice = users.register();
        bob = users.register();
    }

    @Test
    void healthAnswersOkAsMastodonsStreamingServerDoes() {
        Api.Response health = api.get("/api/v1/streaming/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("OK");
    }

    @Test
    void theInstanceNamesTheStreamingOrigin() {
        String origin = ok(api.get("/api/v2/instance", null)).get("configuration").get("urls").get("streaming").asString();
        assertThat(origin).startsWith("ws://").doesNotEndWith("/");
        assertThat(ok(api.get("/api/v1/instance", null)).get("urls").get("streaming_api").asString()).isEqualTo(origin);
    }

    @Test
    void aFollowerGetsThePostAsTheRestApiRendersItForThem() {
        follow(alice, bob);
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=user", alice.token())) {
            String post = post(bob, "public", "Sunset #Beach");
            JsonNode frame = socket.next("update");
            assertThat(frame.get("stream").valueStream().map(JsonNode::asString).toList()).containsExactly("user");
            assertThat(frame.get("payload").isString()).isTrue();
            assertThat(WebSocketClient.payload(frame)).isEqualTo(ok(api.get("/api/v1/statuses/" + post, alice.token())));
        }
    }

    @Test
    void theAuthorHearsOfLikesCommentsAndFollowsAsNotifications() {
        String post = post(bob, "public", "A photo");
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=user", bob.token())) {
            ok(api.post("/api/v1/statuses/" + post + "/favourite", alice.token()));
            JsonNode like = WebSocketClient.payload(socket.next("notification"));
            assertThat(like.get("type").asString()).isEqualTo("favourite");
            assertThat(like.get("account").get("id").asString()).isEqualTo(alice.id());
            assertThat(like).isEqualTo(ok(api.get("/api/v1/notifications/" + like.get("id").asString(), bob.token())));

            ok(api.postJson("/api/v1/statuses", alice.token(), Map.of("status", "Lovely", "in_reply_to_id", post)));
            JsonNode comment = WebSocketClient.payload(socket.next("notification"));
            assertThat(comment.get("type").asString()).isEqualTo("mention");
            assertThat(comment.get("status").get("in_reply_to_id").asString()).isEqualTo(post);

            follow(alice, bob);
            JsonNode follow = WebSocketClient.payload(socket.next("notification"));
            assertThat(follow.get("type").asString()).isEqualTo("follow");
            assertThat(follow.has("status")).isFalse();
        }
    }

    @Test
    void countsThatMoveAreAStatusUpdateWithTheViewersOwnFlags() {
        follow(alice, bob);
        String post = post(bob, "public", "A photo");
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=user", alice.token())) {
            ok(api.post("/api/v1/statuses/" + post + "/favourite", alice.token()));
            JsonNode updated = WebSocketClient.payload(socket.next("status.update"));
            assertThat(updated.get("id").asString()).isEqualTo(post);
            assertThat(updated.get("favourites_count").asInt()).isEqualTo(1);
            assertThat(updated.get("favourited").asBoolean()).isTrue();
        }
    }

    @Test
    void aPublicStreamGetsThePostAsAnyoneSeesItAndNoUpdateForALike() {
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=public:media", alice.token())) {
            String post = post(bob, "public", "For everyone #Sky");
            assertThat(WebSocketClient.payload(socket.next("update"))).isEqualTo(ok(api.get("/api/v1/statuses/" + post, null)));
            ok(api.post("/api/v1/statuses/" + post + "/favourite", alice.token()));
            assertThat(socket.poll(QUIET)).as("counts move on home timelines only (decision 0036)").isNull();
        }
    }

    @Test
    void aDeletedPostIsADeleteWithItsIdAsThePayload() {
        follow(alice, bob);
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=user", alice.token())) {
            String post = post(bob, "public", "A photo");
            socket.next("update");
            ok(api.delete("/api/v1/statuses/" + post, bob.token()));
            JsonNode deleted = socket.next("delete");
            assertThat(deleted.get("payload").asString()).isEqualTo(post);
        }
    }

    @Test
    void aDeletedCommentIsAStatusUpdateOfItsPostWithOneReplyLess() {
        follow(alice, bob);
        String post = post(bob, "public", "A photo");
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=user", alice.token())) {
            String comment = ok(api.postJson("/api/v1/statuses", alice.token(), Map.of(
                    "status", "Lovely", "in_reply_to_id", post))).get("id").asString();
            JsonNode commented = WebSocketClient.payload(socket.next("status.update"));
            assertThat(commented.get("id").asString()).isEqualTo(post);
            assertThat(commented.get("replies_count").asInt()).isEqualTo(1);

            ok(api.delete("/api/v1/statuses/" + comment, alice.token()));
            JsonNode uncommented = WebSocketClient.payload(socket.next("status.update"));
            assertThat(uncommented.get("id").asString()).isEqualTo(post);
            assertThat(uncommented.get("replies_count").asInt()).isZero();
            assertThat(socket.poll(QUIET)).as("no delete: the comment was never on the timeline").isNull();
        }
    }

    @Test
    void aPrivatePostReachesApprovedFollowersOnly() {
        TestUser stranger = users.register();
        follow(alice, bob);
        try (WebSocketClient follower = WebSocketClient.open(port, "stream=user", alice.token());
             WebSocketClient outsider = WebSocketClient.open(port, "stream=user", stranger.token());
             WebSocketClient outsidersPublic = WebSocketClient.open(port, "stream=public", stranger.token())) {
            String post = post(bob, "private", "Friends only");
            assertThat(WebSocketClient.payload(follower.next("update")).get("id").asString()).isEqualTo(post);
            assertThat(outsider.poll(QUIET)).isNull();
            assertThat(outsidersPublic.poll(Duration.ZERO)).isNull();
        }
    }

    @Test
    void blockedAndMutedViewersGetNothingOfTheAccount() {
        TestUser blocked = users.register();
        TestUser muting = users.register();
        TestUser anyone = users.register();
        ok(api.post("/api/v1/accounts/" + blocked.id() + "/block", bob.token()));
        ok(api.post("/api/v1/accounts/" + bob.id() + "/mute", muting.token()));
        try (WebSocketClient blockedSocket = WebSocketClient.open(port, "stream=public", blocked.token());
             WebSocketClient mutingSocket = WebSocketClient.open(port, "stream=public:local", muting.token());
             WebSocketClient anyoneSocket = WebSocketClient.open(port, "stream=public", anyone.token())) {
            String post = post(bob, "public", "For everyone");
            assertThat(WebSocketClient.payload(anyoneSocket.next("update")).get("id").asString()).isEqualTo(post);
            assertThat(blockedSocket.poll(QUIET)).isNull();
            assertThat(mutingSocket.poll(Duration.ZERO)).isNull();

            ok(api.delete("/api/v1/statuses/" + post, bob.token()));
            assertThat(anyoneSocket.next("delete").get("payload").asString()).isEqualTo(post);
            assertThat(blockedSocket.poll(QUIET)).isNull();
        }
    }

    @Test
    void anEndedFollowStopsTheFlow() {
        follow(alice, bob);
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=user", alice.token())) {
            post(bob, "private", "Before");
            socket.next("update");
            ok(api.post("/api/v1/accounts/" + bob.id() + "/unfollow", alice.token()));
            post(bob, "public", "After");
            assertThat(socket.poll(QUIET)).isNull();
        }
    }

    @Test
    void hashtagStreamsAreSubscribedByMessageAndNameTheirTag() {
        try (WebSocketClient socket = WebSocketClient.open(port, "", alice.token())) {
            socket.send("{\"type\":\"subscribe\",\"stream\":\"hashtag\",\"tag\":\"Cats\"}");
            socket.send("{\"type\":\"subscribe\",\"stream\":\"hashtag\",\"tag\":\"Cats\"}");
            post(bob, "public", "Look #cats");
            JsonNode frame = socket.next("update");
            assertThat(frame.get("stream").valueStream().map(JsonNode::asString).toList()).containsExactly("hashtag", "Cats");
            assertThat(socket.poll(QUIET)).as("one subscription, however often asked").isNull();

            socket.send("{\"type\":\"unsubscribe\",\"stream\":\"hashtag\",\"tag\":\"Cats\"}");
            post(bob, "public", "More #cats");
            assertThat(socket.poll(QUIET)).isNull();
        }
    }

    @Test
    void aTokenSentAsTheProtocolIsAcceptedAndEchoed() {
        follow(alice, bob);
        try (WebSocketClient socket = WebSocketClient.withProtocol(port, "", alice.token())) {
            assertThat(socket.protocol()).isEqualTo(alice.token());
            socket.subscribe("user");
            String post = post(bob, "public", "Hello");
            assertThat(WebSocketClient.payload(socket.next("update")).get("id").asString()).isEqualTo(post);
        }
    }

    @Test
    void revokingTheTokenClosesItsSockets() {
        TestUsers.TestApp app = users.app("read write follow");
        String token = ok(api.postForm("/oauth/token", null, Api.form(
                "grant_type", "password", "username", alice.email(), "password", alice.password(),
                "client_id", app.clientId(), "client_secret", app.clientSecret(), "scope", "read"))).get("access_token").asString();
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=user", token);
             WebSocketClient other = WebSocketClient.open(port, "stream=user", alice.token())) {
            ok(api.postForm("/oauth/revoke", null, Api.form(
                    "client_id", app.clientId(), "client_secret", app.clientSecret(), "token", token)));
            assertThat(socket.awaitClose()).isEqualTo(1000);
            assertThat(other.isClosed()).isFalse();
        }
    }

    @Test
    void changingThePasswordClosesTheOtherSessionsSockets() {
        String otherDevice = users.token(alice, "read");
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=user", otherDevice);
             EventStreamClient events = EventStreamClient.open(port, "/api/v1/streaming/user", otherDevice)) {
            assertThat(events.line()).isEqualTo(":)");
            ok(api.postForm("/api/graminsta/v1/password", alice.token(), Api.form(
                    "current_password", alice.password(), "password", "Another-Horse-Battery-" + alice.username())));
            assertThat(socket.awaitClose()).isEqualTo(1000);
            assertThat(api.get("/api/v1/streaming/user?access_token=" + otherDevice, null).status()).isEqualTo(401);
        }
    }

    @Test
    void aWriteThatRolledBackSendsNothing() {
        String post = post(bob, "public", "Already there");
        StatusPublished published = new StatusPublished(Long.parseLong(post), Long.parseLong(bob.id()), "public",
                null, null, Set.of(), Set.of());
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=public", alice.token())) {
            transactions.executeWithoutResult(status -> {
                events.publishEvent(published);
                status.setRollbackOnly();
            });
            assertThat(socket.poll(QUIET)).isNull();

            transactions.executeWithoutResult(status -> events.publishEvent(published));
            assertThat(WebSocketClient.payload(socket.next("update")).get("id").asString()).isEqualTo(post);
        }
    }

    @Test
    void aRefusedWriteSendsNothing() {
        follow(alice, bob);
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=user", alice.token())) {
            Api.Response refused = api.postJson("/api/v1/statuses", bob.token(), Map.of(
                    "status", "Not mine", "media_ids", List.of(Photos.processed(api, alice))));
            assertThat(refused.status()).isBetween(400, 499);
            assertThat(socket.poll(QUIET)).isNull();
        }
    }

    @Test
    void streamsThatCannotBeHadAreAnsweredAsMastodonAnswersThem() {
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=nonsense", alice.token())) {
            JsonNode error = socket.next();
            assertThat(error.get("error").asString()).isEqualTo("Unknown stream type");
            assertThat(error.get("status").asInt()).isEqualTo(400);

            socket.send("{\"type\":\"subscribe\",\"stream\":\"hashtag\"}");
            assertThat(socket.next().get("error").asString()).isEqualTo("Missing tag name parameter");
            socket.send("not json");
            socket.send("{\"type\":\"dance\"}");
            assertThat(socket.poll(QUIET)).isNull();
            assertThat(socket.isClosed()).isFalse();
        }
        String notificationsOnly = users.token(alice, "read:statuses");
        try (WebSocketClient socket = WebSocketClient.open(port, "stream=user:notification", notificationsOnly)) {
            JsonNode error = socket.next();
            assertThat(error.get("error").asString()).isEqualTo("Access token does not have the required scopes");
            assertThat(error.get("status").asInt()).isEqualTo(401);
        }
    }

    @Test
    void aMessageLongerThanAnySubscribeClosesTheSocketAsTooBig() {
        try (WebSocketClient socket = WebSocketClient.open(port, "", alice.token())) {
            socket.send("{\"type\":\"subscribe\",\"stream\":\"hashtag\",\"tag\":\"" + "a".repeat(900) + "\"}");
            assertThat(socket.poll(QUIET)).isNull();
            assertThat(socket.isClosed()).isFalse();

            socket.send("{\"type\":\"subscribe\",\"stream\":\"hashtag\",\"tag\":\""
                    + "a".repeat(StreamingConfiguration.MAX_TEXT_MESSAGE_CHARS) + "\"}");
            assertThat(socket.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void withoutAValidTokenThereIsNoStream() {
        assertThatThrownBy(() -> WebSocketClient.open(port, "stream=public", null))
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(401));
        assertThatThrownBy(() -> WebSocketClient.open(port, "stream=user&access_token=nonsense", null))
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(401));

        Api.Response missing = api.get("/api/v1/streaming/user", null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("error").asString()).isEqualTo("Missing access token");
        Api.Response invalid = api.get("/api/v1/streaming/public?access_token=nonsense", null);
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.json().get("error").asString()).isEqualTo("Invalid access token");
        Api.Response appOnly = api.get("/api/v1/streaming/user", users.app("read").token());
        assertThat(appOnly.status()).isEqualTo(401);
        Api.Response unknown = api.get("/api/v1/streaming/nonsense", alice.token());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asString()).isEqualTo("Unknown channel requested");
        Api.Response noTag = api.get("/api/v1/streaming/hashtag", alice.token());
        assertThat(noTag.status()).isEqualTo(400);
        assertThat(noTag.json().get("error").asString()).isEqualTo("Missing tag name parameter");
    }

    @Test
    void eventStreamsCarryTheSameEventsWithMastodonsFraming() {
        follow(alice, bob);
        try (EventStreamClient user = EventStreamClient.open(port, "/api/v1/streaming/user", alice.token());
             EventStreamClient tag = EventStreamClient.open(port, "/api/v1/streaming/hashtag?tag=dogs&access_token="
                     + alice.token(), null);
             EventStreamClient notifications = EventStreamClient.open(port, "/api/v1/streaming/user/notification",
                     bob.token())) {
            assertThat(user.status()).isEqualTo(200);
            assertThat(user.contentType()).startsWith("text/event-stream");
            assertThat(user.line()).isEqualTo(":)");
            String post = post(bob, "public", "Woof #dogs");
            EventStreamClient.Event update = user.next();
            assertThat(update.name()).isEqualTo("update");
            assertThat(JSON.readTree(update.data())).isEqualTo(ok(api.get("/api/v1/statuses/" + post, alice.token())));
            assertThat(tag.next().name()).isEqualTo("update");

            ok(api.post("/api/v1/statuses/" + post + "/favourite", alice.token()));
            EventStreamClient.Event like = notifications.next();
            assertThat(like.name()).isEqualTo("notification");
            assertThat(JSON.readTree(like.data()).get("type").asString()).isEqualTo("favourite");
        }
    }

    private void follow(TestUser follower, TestUser target) {
        ok(api.post("/api/v1/accounts/" + target.id() + "/follow", follower.token()));
    }

    private String post(TestUser author, String visibility, String caption) {
        return ok(api.postJson("/api/v1/statuses", author.token(), Map.of(
                "status", caption, "visibility", visibility, "media_ids", List.of(Photos.processed(api, author)))))
                .get("id").asString();
    }

    private static JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
