package com.graminsta.notifications;

import static com.graminsta.notifications.NotificationSteps.summary;
import static org.assertj.core.api.Assertions.assertThat;

import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What notifies whom: follows, follow requests, likes, mentions and comments. Where a test shows
 * that something notifies nobody, a later action that does notify marks the point at which the
 * first would have arrived.
 */
class NotificationTriggerTests extends IntegrationTest {

    private NotificationSteps steps;
    private TestUser alice;
    private TestUser bob;
    private TestUser carol;

    @BeforeEach
    void setUp() {
        steps = new NotificationSteps(api());
        alice = users().register();
        bob = users().register();
        carol = users().register();
    }

    @Test
    void aFollowNotifiesTheFollowedAccount() {
        steps.follow(bob, alice);

        JsonNode notifications = steps.awaitNotifications(alice, 1);

        assertThat(summary(notifications)).containsExactly("follow " + bob.username());
        JsonNode follow = notifications.get(0);
        assertThat(follow.get("account").get("id").asString()).isEqualTo(bob.id());
        assertThat(follow.has("status")).isFalse();
        assertThat(follow.get("created_at").asString()).isNotBlank();
        assertThat(follow.get("group_key").asString()).isEqualTo("ungrouped-" + follow.get("id").asString());
    }

    @Test
    void followingAgainDoesNotNotifyTwice() {
        steps.follow(bob, alice);
        steps.awaitNotifications(alice, 1);
        steps.unfollow(bob, alice);
        steps.follow(bob, alice);
        steps.follow(carol, alice);

        assertThat(summary(steps.awaitNotifications(alice, 2)))
                .containsExactly("follow " + carol.username(), "follow " + bob.username());
    }

    @Test
    void aRequestAsksUntilItIsAnswered() {
        steps.lock(alice);
        steps.follow(bob, alice);
        steps.follow(carol, alice);

        assertThat(summary(steps.awaitNotifications(alice, 2)))
                .containsExactlyInAnyOrder("follow_request " + bob.username(), "follow_request " + carol.username());

        steps.authorize(alice, bob);
        steps.reject(alice, carol);

        // Approving is the account's own doing: the request goes and no follow is announced.
        TestUser dave = users().register();
        steps.follow(dave, alice);
        assertThat(summary(steps.awaitNotifications(alice, 1))).containsExactly("follow_request " + dave.username());
    }

    @Test
    void aWithdrawnRequestStopsAsking() {
        steps.lock(alice);
        steps.follow(bob, alice);
        steps.awaitNotifications(alice, 1);

        steps.unfollow(bob, alice);

        assertThat(steps.notifications(alice)).isEmpty();
    }

    @Test
    void aLikeNotifiesTheAuthorOnceWithTheStatus() {
        String post = steps.post(alice);
        steps.favourite(alice, post);
        steps.favourite(bob, post);
        steps.unfavourite(bob, post);
        steps.favourite(bob, post);
        steps.favourite(carol, post);

        JsonNode notifications = steps.awaitNotifications(alice, 2);

        assertThat(summary(notifications))
                .containsExactly("favourite " + carol.username() + " " + post, "favourite " + bob.username() + " " + post);
        assertThat(notifications.get(0).get("status").get("account").get("id").asString()).isEqualTo(alice.id());
    }

    @Test
    void aMentionNotifiesEveryoneMentionedButTheAuthor() {
        String post = steps.post(carol);
        String comment = steps.comment(alice, post, "Look @" + bob.username() + " and @" + alice.username());

        assertThat(summary(steps.awaitNotifications(bob, 1))).containsExactly("mention " + alice.username() + " " + comment);
        assertThat(summary(steps.awaitNotifications(carol, 1))).containsExactly("mention " + alice.username() + " " + comment);
        steps.follow(carol, alice);
        assertThat(summary(steps.awaitNotifications(alice, 1))).containsExactly("follow " + carol.username());
    }

    @Test
    void aCommentNotifiesThePostsAuthorOnceEvenWhenItMentionsThem() {
        String post = steps.post(alice);
        String plain = steps.comment(bob, post, "Lovely");
        String mentioning = steps.comment(carol, post, "@" + alice.username() + " where is this?");
        steps.comment(alice, post, "Thank you");

        JsonNode notifications = steps.awaitNotifications(alice, 2);

        assertThat(summary(notifications))
                .containsExactly("mention " + carol.username() + " " + mentioning, "mention " + bob.username() + " " + plain);
        assertThat(notifications.get(1).get("status").get("in_reply_to_id").asString()).isEqualTo(post);
    }

    @Test
    void aReplyToACommentNotifiesTheCommenter() {
        String post = steps.post(alice);
        String comment = steps.comment(bob, post, "Lovely");
        String reply = steps.comment(alice, comment, "Thanks");

        assertThat(summary(steps.awaitNotifications(bob, 1))).containsExactly("mention " + alice.username() + " " + reply);
    }

    @Test
    void aMentionInAPostTheRecipientMayNotSeeNotifiesNobody() {
        String secret = steps.post(alice, "private");
        steps.comment(alice, secret, "Only for followers, @" + bob.username());
        String open = steps.post(alice);
        String visible = steps.comment(alice, open, "Hello @" + bob.username());

        assertThat(summary(steps.awaitNotifications(bob, 1))).containsExactly("mention " + alice.username() + " " + visible);
    }

    @Test
    void deletingAStatusTakesItsNotificationsAlong() {
        String post = steps.post(alice);
        steps.favourite(bob, post);
        steps.comment(carol, post, "Nice");
        steps.awaitNotifications(alice, 2);

        steps.deleteStatus(alice, post);

        assertThat(steps.notifications(alice)).isEmpty();
    }

    @Test
    void aMuteThatHidesNotificationsSilencesTheAccount() {
        steps.mute(alice, bob, true);
        steps.mute(alice, carol, false);
        String post = steps.post(alice);

        steps.favourite(bob, post);
        steps.favourite(carol, post);

        assertThat(summary(steps.awaitNotifications(alice, 1))).containsExactly("favourite " + carol.username() + " " + post);
    }

    @Test
    void aBlockHidesWhatCameBeforeItAndLiftingItShowsItAgain() {
        String post = steps.post(alice);
        steps.favourite(bob, post);
        steps.awaitNotifications(alice, 1);

        steps.block(alice, bob);
        assertThat(steps.notifications(alice)).isEmpty();

        steps.unblock(alice, bob);
        assertThat(summary(steps.notifications(alice))).containsExactly("favourite " + bob.username() + " " + post);
    }
}
