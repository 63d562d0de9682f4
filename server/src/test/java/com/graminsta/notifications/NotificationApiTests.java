package com.graminsta.notifications;

import static com.graminsta.notifications.NotificationSteps.ids;
import static com.graminsta.notifications.NotificationSteps.ok;
import static com.graminsta.notifications.NotificationSteps.summary;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Listing, filtering, getting, dismissing and clearing one's notifications, and nobody else's. */
class NotificationApiTests extends IntegrationTest {

    private NotificationSteps steps;
    private TestUser alice;
    private TestUser bob;
    private TestUser carol;
    private String post;
    private String comment;

    /** Alice has, oldest first: bob's follow, bob's like, carol's comment, carol's follow. */
    @BeforeEach
    void setUp() {
        steps = new NotificationSteps(api());
        alice = users().register();
        bob = users().register();
        carol = users().register();
        post = steps.post(alice);
        steps.follow(bob, alice);
        steps.awaitNotifications(alice, 1);
        steps.favourite(bob, post);
        steps.awaitNotifications(alice, 2);
        comment = steps.comment(carol, post, "Nice");
        steps.awaitNotifications(alice, 3);
        steps.follow(carol, alice);
        steps.awaitNotifications(alice, 4);
    }

    @Test
    void listsNewestFirst() {
        assertThat(summary(steps.notifications(alice))).containsExactly(
                "follow " + carol.username(),
                "mention " + carol.username() + " " + comment,
                "favourite " + bob.username() + " " + post,
                "follow " + bob.username());
    }

    @Test
    void filtersByTypesAndAccount() {
        assertThat(types(steps.list(alice, "?types%5B%5D=follow"))).containsExactly("follow", "follow");
        assertThat(types(steps.list(alice, "?types%5B%5D=favourite&types%5B%5D=mention"))).containsExactly("mention", "favourite");
        assertThat(types(steps.list(alice, "?exclude_types%5B%5D=follow&exclude_types%5B%5D=mention"))).containsExactly("favourite");
        assertThat(types(steps.list(alice, "?types%5B%5D=follow&exclude_types%5B%5D=follow"))).isEmpty();
        assertThat(types(steps.list(alice, "?types%5B%5D=reblog"))).isEmpty();
        assertThat(types(steps.list(alice, "?account_id=" + bob.id()))).containsExactly("favourite", "follow");
    }

    @Test
    void pagesWithLinkHeaders() {
        List<String> all = ids(steps.notifications(alice));

        Api.Response first = steps.list(alice, "?limit=3");
        assertThat(ids(ok(first))).containsExactlyElementsOf(all.subList(0, 3));
        assertThat(first.header("Link").orElseThrow())
                .contains("max_id=" + all.get(2)).contains("min_id=" + all.get(0)).contains("limit=3");

        assertThat(ids(ok(steps.list(alice, "?max_id=" + all.get(2))))).containsExactly(all.get(3));
        assertThat(ids(ok(steps.list(alice, "?since_id=" + all.get(3) + "&limit=2")))).containsExactly(all.get(0), all.get(1));
        assertThat(ids(ok(steps.list(alice, "?min_id=" + all.get(3) + "&limit=2")))).containsExactly(all.get(1), all.get(2));
    }

    @Test
    void getsOneByIdButNotAnotherAccounts() {
        String newest = ids(steps.notifications(alice)).getFirst();

        JsonNode one = ok(api().get("/api/v1/notifications/" + newest, alice.token()));

        assertThat(one.get("id").asString()).isEqualTo(newest);
        assertThat(one.get("type").asString()).isEqualTo("follow");
        assertThat(api().get("/api/v1/notifications/" + newest, bob.token()).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/notifications/12345", alice.token()).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/notifications/nonsense", alice.token()).status()).isEqualTo(404);
    }

    @Test
    void dismissesOneOfOnesOwn() {
        String newest = ids(steps.notifications(alice)).getFirst();

        assertThat(api().post("/api/v1/notifications/" + newest + "/dismiss", bob.token()).status()).isEqualTo(404);
        JsonNode dismissed = ok(api().post("/api/v1/notifications/" + newest + "/dismiss", alice.token()));

        assertThat(dismissed.isEmpty()).isTrue();
        assertThat(ids(steps.notifications(alice))).hasSize(3).doesNotContain(newest);
        assertThat(api().get("/api/v1/notifications/" + newest, alice.token()).status()).isEqualTo(404);
        assertThat(api().post("/api/v1/notifications/" + newest + "/dismiss", alice.token()).status()).isEqualTo(404);
    }

    @Test
    void clearsAllOfOnesOwnOnly() {
        steps.follow(alice, bob);
        steps.awaitNotifications(bob, 1);

        JsonNode cleared = ok(api().post("/api/v1/notifications/clear", alice.token()));

        assertThat(cleared.isEmpty()).isTrue();
        assertThat(steps.notifications(alice)).isEmpty();
        assertThat(summary(steps.notifications(bob))).containsExactly("follow " + alice.username());
    }

    @Test
    void needsAUserTokenWithTheRightScope() {
        String newest = ids(steps.notifications(alice)).getFirst();
        String readOnly = steps.tokenWithScopes(users(), alice, "read:notifications");
        String writeOnly = steps.tokenWithScopes(users(), alice, "write:notifications");
        String statusesOnly = steps.tokenWithScopes(users(), alice, "read:statuses write:statuses");

        assertThat(api().get("/api/v1/notifications", null).status()).isEqualTo(401);
        assertThat(api().get("/api/v1/notifications/" + newest, null).status()).isEqualTo(401);
        assertThat(api().post("/api/v1/notifications/clear", null).status()).isEqualTo(401);
        assertThat(api().get("/api/v1/notifications", statusesOnly).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/notifications", writeOnly).status()).isEqualTo(403);
        assertThat(api().post("/api/v1/notifications/" + newest + "/dismiss", readOnly).status()).isEqualTo(403);
        assertThat(api().post("/api/v1/notifications/clear", readOnly).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/notifications", readOnly).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/notifications", users().app("read write").token()).status()).isEqualTo(422);
        assertThat(ids(steps.notifications(alice))).hasSize(4);
    }

    private static List<String> types(Api.Response response) {
        return ok(response).valueStream().map(n -> n.get("type").asString()).toList();
    }
}
