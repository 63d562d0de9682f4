package com.graminsta.posts;

import static com.graminsta.posts.PostSteps.body;
import static com.graminsta.posts.PostSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The access-control matrix: another user, Bob, against every status endpoint with Alice's
 * public, unlisted and private posts and the comments under them, as a stranger, a follower,
 * anonymous, and on either side of a block. What Bob may not see answers exactly as an id that
 * does not exist.
 */
class StatusAccessTests extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PostSteps posts;
    private TestUser alice;
    private TestUser bob;
    private TestUser carol;
    private Map<String, String> postsByVisibility;
    private Map<String, String> commentsByVisibility;
    private String notFoundBody;

    @BeforeEach
    void setUp() {
        posts = new PostSteps(api());
        alice = users().register();
        bob = users().register();
        carol = users().register();
        ok(posts.follow(carol, alice));
        postsByVisibility = new java.util.LinkedHashMap<>();
        commentsByVisibility = new java.util.LinkedHashMap<>();
        for (String visibility : List.of("public", "unlisted", "private")) {
            String post = posts.post(alice, visibility, "A " + visibility + " post").get("id").asString();
            postsByVisibility.put(visibility, post);
            commentsByVisibility.put(visibility, posts.commentId(carol, post, "Carol's comment"));
        }
        notFoundBody = api().get("/api/v1/statuses/1", bob.token()).body();
    }

    /** One endpoint applied to one status. */
    private record Call(String method, String path, byte[] body) {

        static List<Call> on(String id) {
            byte[] reply = JSON.writeValueAsBytes(Map.of("status", "Reply", "in_reply_to_id", id));
            return List.of(
                    new Call("GET", "/api/v1/statuses/" + id, null),
                    new Call("GET", "/api/v1/statuses/" + id + "/context", null),
                    new Call("GET", "/api/v1/statuses/" + id + "/favourited_by", null),
                    new Call("GET", "/api/v1/statuses/" + id + "/source", null),
                    new Call("POST", "/api/v1/statuses/" + id + "/favourite", null),
                    new Call("POST", "/api/v1/statuses/" + id + "/unfavourite", null),
                    new Call("POST", "/api/v1/statuses", reply),
                    new Call("DELETE", "/api/v1/statuses/" + id, null));
        }

        Api.Response send(Api api, String token) {
            return api.send(method, path, token, body == null ? null : "application/json", body == null ? new byte[0] : body);
        }

        boolean deletes() {
            return method.equals("DELETE");
        }

        boolean needsAccount() {
            return !method.equals("GET") || path.endsWith("/source");
        }

        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " " + new String(body));
        }
    }

    @Test
    void aStrangerSeesPublicAndUnlistedPostsOnly() {
        assertMatrix(bob, List.of("public", "unlisted"));
    }

    @Test
    void aFollowerSeesPrivatePostsToo() {
        ok(posts.follow(bob, alice));

        assertMatrix(bob, List.of("public", "unlisted", "private"));
    }

    @Test
    void aRequestedButUnapprovedFollowSeesNoPrivatePosts() {
        ok(api().patchJson("/api/v1/accounts/update_credentials", alice.token(), Map.of("locked", true)));
        ok(posts.follow(bob, alice));

        assertMatrix(bob, List.of("public", "unlisted"));
    }

    @Test
    void someoneTheAuthorBlockedSeesNothing() {
        ok(posts.follow(bob, alice));
        ok(posts.block(alice, bob));

        assertMatrix(bob, List.of());
    }

    @Test
    void someoneWhoBlockedTheAuthorSeesNothing() {
        ok(posts.block(bob, alice));

        assertMatrix(bob, List.of());
    }

    @Test
    void anonymousReadersSeePublicAndUnlistedPostsAndMayChangeNothing() {
        SoftAssertions softly = new SoftAssertions();
        for (String visibility : postsByVisibility.keySet()) {
            boolean visible = !visibility.equals("private");
            for (String id : List.of(postsByVisibility.get(visibility), commentsByVisibility.get(visibility))) {
                for (Call call : Call.on(id)) {
                    Api.Response response = call.send(api(), null);
                    int expected = call.needsAccount() ? 401 : visible ? 200 : 404;
                    softly.assertThat(response.status()).as(visibility + ": " + call + " -> " + response).isEqualTo(expected);
                    if (expected == 404) {
                        softly.assertThat(response.body()).as(call.toString()).isEqualTo(notFoundBody);
                    }
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void commentsUnderAPrivatePostReachThePostsAudienceNotTheCommenters() {
        TestUser carolsFollower = users().register();
        ok(posts.follow(carolsFollower, carol));
        String privateComment = commentsByVisibility.get("private");

        assertThat(posts.get(carolsFollower, privateComment).status()).isEqualTo(404);
        assertThat(ok(posts.get(carol, privateComment)).get("visibility").asString()).isEqualTo("private");
        assertThat(ok(posts.get(alice, privateComment)).get("id").asString()).isEqualTo(privateComment);
    }

    @Test
    void tokensNeedTheNarrowScopeOfEachAction() {
        String post = postsByVisibility.get("public");
        String readOnly = posts.tokenWithScopes(users(), bob, "read");
        String favouritesOnly = posts.tokenWithScopes(users(), bob, "write:favourites");
        String statusesOnly = posts.tokenWithScopes(users(), bob, "write:statuses read:statuses");

        assertThat(api().post("/api/v1/statuses/" + post + "/favourite", readOnly).status()).isEqualTo(403);
        assertThat(api().postJson("/api/v1/statuses", readOnly, body("status", "x", "in_reply_to_id", post)).status())
                .isEqualTo(403);
        assertThat(api().delete("/api/v1/statuses/" + post, readOnly).status()).isEqualTo(403);
        assertThat(api().post("/api/v1/reports", readOnly).status()).isEqualTo(403);

        assertThat(api().post("/api/v1/statuses/" + post + "/favourite", favouritesOnly).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/statuses/" + post, favouritesOnly).status()).isEqualTo(403);
        assertThat(api().postJson("/api/v1/statuses", favouritesOnly, body("status", "x", "in_reply_to_id", post)).status())
                .isEqualTo(403);

        assertThat(api().postJson("/api/v1/statuses", statusesOnly, body("status", "x", "in_reply_to_id", post)).status())
                .isEqualTo(200);
        assertThat(api().post("/api/v1/statuses/" + post + "/unfavourite", statusesOnly).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/favourites", statusesOnly).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/favourites", readOnly).status()).isEqualTo(200);
    }

    @Test
    void writingNeedsAToken() {
        String post = postsByVisibility.get("public");

        assertThat(api().postJson("/api/v1/statuses", null, body("status", "x")).status()).isEqualTo(401);
        assertThat(api().get("/api/v1/favourites", null).status()).isEqualTo(401);
        assertThat(api().post("/api/v1/reports", null).status()).isEqualTo(401);
        assertThat(api().delete("/api/v1/statuses/" + post, "not-a-token").status()).isEqualTo(401);
        assertThat(api().get("/api/v1/statuses/" + post, "not-a-token").status()).isEqualTo(401);
    }

    /** Bob's answer from every endpoint for every post and comment of Alice's. */
    private void assertMatrix(TestUser viewer, List<String> visibleVisibilities) {
        SoftAssertions softly = new SoftAssertions();
        List<String> checked = new ArrayList<>();
        for (String visibility : postsByVisibility.keySet()) {
            boolean visible = visibleVisibilities.contains(visibility);
            for (String id : List.of(postsByVisibility.get(visibility), commentsByVisibility.get(visibility))) {
                for (Call call : Call.on(id)) {
                    Api.Response response = call.send(api(), viewer.token());
                    int expected = visible && !call.deletes() ? 200 : 404;
                    softly.assertThat(response.status()).as(visibility + ": " + call + " -> " + response).isEqualTo(expected);
                    if (expected == 404) {
                        softly.assertThat(response.body()).as("404 like a missing id: " + call).isEqualTo(notFoundBody);
                    }
                    checked.add(call.toString());
                }
            }
        }
        softly.assertAll();
        assertThat(checked).hasSize(3 * 2 * 8);
        // Nothing Bob did touched what he could not see, and nothing of Alice's was deleted.
        for (String visibility : postsByVisibility.keySet()) {
            if (!visibleVisibilities.contains(visibility)) {
                var post = ok(posts.get(alice, postsByVisibility.get(visibility)));
                assertThat(post.get("favourites_count").asInt()).as(visibility).isZero();
                assertThat(post.get("replies_count").asInt()).as(visibility).isEqualTo(1);
            }
        }
    }
}
