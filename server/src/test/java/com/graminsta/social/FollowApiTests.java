package com.graminsta.social;

import static com.graminsta.social.SocialSteps.ids;
import static com.graminsta.social.SocialSteps.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

class FollowApiTests extends IntegrationTest {

    @Autowired
    ConfigurableApplicationContext context;

    private final List<Object> events = new CopyOnWriteArrayList<>();
    private SocialSteps social;

    @BeforeEach
    void setUp() {
        social = new SocialSteps(api(), users());
        context.addApplicationListener(ApplicationListener.forPayload(events::add));
    }

    @Test
    void followingMakesARelationshipAndMovesBothCounters() {
        TestUser alice = users().register();
        TestUser bob = users().register();

        JsonNode relationship = ok(social.follow(alice, bob));

        assertThat(relationship.get("id").asString()).isEqualTo(bob.id());
        assertThat(relationship.get("following").asBoolean()).isTrue();
        assertThat(relationship.get("showing_reblogs").asBoolean()).isTrue();
        assertThat(relationship.get("requested").asBoolean()).isFalse();
        assertThat(relationship.get("followed_by").asBoolean()).isFalse();
        assertThat(social.account(alice, alice).get("following_count").asInt()).isEqualTo(1);
        assertThat(social.account(alice, bob).get("followers_count").asInt()).isEqualTo(1);
        assertThat(social.relationshipWith(bob, alice).get("followed_by").asBoolean()).isTrue();
    }

    @Test
    void followingPublishesAccountFollowed() {
        TestUser alice = users().register();
        TestUser bob = users().register();

        ok(social.follow(alice, bob));

        assertThat(events).contains(new AccountFollowed(Long.parseLong(alice.id()), Long.parseLong(bob.id()), false));
    }

    @Test
    void followingTwiceCountsOnce() {
        TestUser alice = users().register();
        TestUser bob = users().register();

        ok(social.follow(alice, bob));
        JsonNode again = ok(social.follow(alice, bob));

        assertThat(again.get("following").asBoolean()).isTrue();
        assertThat(social.account(alice, bob).get("followers_count").asInt()).isEqualTo(1);
        assertThat(social.account(alice, alice).get("following_count").asInt()).isEqualTo(1);
        long followedEvents = events.stream()
                .filter(event -> event.equals(new AccountFollowed(Long.parseLong(alice.id()), Long.parseLong(bob.id()), false)))
                .count();
        assertThat(followedEvents).isEqualTo(1);
    }

    @Test
    void unfollowingUndoesTheFollowAndTheCounters() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        ok(social.follow(alice, bob));

        JsonNode relationship = ok(social.unfollow(alice, bob));
        JsonNode again = ok(social.unfollow(alice, bob));

        assertThat(relationship.get("following").asBoolean()).isFalse();
        assertThat(again.get("following").asBoolean()).isFalse();
        assertThat(social.account(alice, bob).get("followers_count").asInt()).isZero();
        assertThat(social.account(alice, alice).get("following_count").asInt()).isZero();
    }

    @Test
    void followingOneselfIsRefused() {
        TestUser alice = users().register();

        Api.Response response = social.follow(alice, alice);

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isNotBlank();
        assertThat(social.account(alice, alice).get("following_count").asInt()).isZero();
    }

    @Test
    void followingAnUnknownAccountIsNotFound() {
        TestUser alice = users().register();

        assertThat(api().post("/api/v1/accounts/123456789/follow", alice.token()).status()).isEqualTo(404);
        assertThat(api().post("/api/v1/accounts/not-a-number/follow", alice.token()).status()).isEqualTo(404);
        assertThat(api().post("/api/v1/accounts/99999999999999999999999/follow", alice.token()).status())
                .isEqualTo(404);
        assertThat(api().post("/api/v1/accounts/123456789/unfollow", alice.token()).status()).isEqualTo(404);
    }

    @Test
    void followersAndFollowingListTheAccounts() {
        TestUser alice = users().register();
        TestUser bob = users().register();
        TestUser carol = users().register();
        ok(social.follow(alice, carol));
        ok(social.follow(bob, carol));
        ok(social.follow(carol, alice));

        assertThat(ids(api().get("/api/v1/accounts/" + carol.id() + "/followers", alice.token())))
                .containsExactly(bob.id(), alice.id());
        assertThat(ids(api().get("/api/v1/accounts/" + carol.id() + "/following", alice.token())))
                .containsExactly(alice.id());
        assertThat(ids(api().get("/api/v1/accounts/" + alice.id() + "/following", null)))
                .containsExactly(carol.id());
    }

    @Test
    void followersPageWithLinkHeaders() {
        TestUser star = users().register();
        List<TestUser> fans = List.of(users().register(), users().register(), users().register(),
                users().register(), users().register());
        for (TestUser fan : fans) {
            ok(social.follow(fan, star));
        }
        String base = "/api/v1/accounts/" + star.id() + "/followers";

        Api.Response first = api().get(base + "?limit=2", null);
        assertThat(ids(first)).containsExactly(fans.get(4).id(), fans.get(3).id());
        Api.Response second = api().get(link(first, "next"), null);
        assertThat(ids(second)).containsExactly(fans.get(2).id(), fans.get(1).id());
        assertThat(link(second, "next")).contains("limit=2");
        Api.Response third = api().get(link(second, "next"), null);
        assertThat(ids(third)).containsExactly(fans.get(0).id());
        Api.Response beyond = api().get(link(third, "next"), null);
        assertThat(ids(beyond)).isEmpty();
        assertThat(beyond.header("Link")).isEmpty();

        Api.Response back = api().get(link(third, "prev"), null);
        assertThat(ids(back)).containsExactly(fans.get(2).id(), fans.get(1).id());
    }

    @Test
    void sinceIdAndMinIdPageTowardsNewerFollowers() {
        TestUser star = users().register();
        List<TestUser> fans = List.of(users().register(), users().register(), users().register(),
                users().register());
        for (TestUser fan : fans) {
            ok(social.follow(fan, star));
        }
        String base = "/api/v1/accounts/" + star.id() + "/followers";
        // The next link of a page holding all four points below the oldest follow: its cursor.
        String oldest = query(link(api().get(base + "?limit=4", null), "next"), "max_id");

        // min_id answers the entries just above the cursor, since_id the newest above it.
        assertThat(ids(api().get(base + "?limit=2&min_id=" + oldest, null)))
                .containsExactly(fans.get(2).id(), fans.get(1).id());
        assertThat(ids(api().get(base + "?limit=2&since_id=" + oldest, null)))
                .containsExactly(fans.get(3).id(), fans.get(2).id());
    }

    @Test
    void badPagingParametersAreABadRequest() {
        TestUser star = users().register();

        assertThat(api().get("/api/v1/accounts/" + star.id() + "/followers?limit=lots", null).status()).isEqualTo(400);
        assertThat(api().get("/api/v1/accounts/" + star.id() + "/followers?max_id=x", null).status()).isEqualTo(400);
        assertThat(ids(api().get("/api/v1/accounts/" + star.id() + "/followers?limit=1000", null))).isEmpty();
    }

    @Test
    void listsOfAnUnknownAccountAreNotFound() {
        assertThat(api().get("/api/v1/accounts/123456789/followers", null).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/accounts/abc/following", null).status()).isEqualTo(404);
    }

    static String link(Api.Response response, String rel) {
        String header = response.header("Link").orElseThrow(() -> new AssertionError("no Link header: " + response));
        for (String part : header.split(",")) {
            if (part.contains("rel=\"" + rel + "\"")) {
                return part.substring(part.indexOf('<') + 1, part.indexOf('>'));
            }
        }
        throw new AssertionError("no " + rel + " link in " + header);
    }

    static String query(String url, String name) {
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }
}
