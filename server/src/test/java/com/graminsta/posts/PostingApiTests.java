package com.graminsta.posts;

import static com.graminsta.posts.PostSteps.body;
import static com.graminsta.posts.PostSteps.ok;
import static com.graminsta.posts.PostSteps.unprocessable;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** POST /api/v1/statuses: what a post and a comment may be, and what they look like. */
class PostingApiTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private PostSteps posts;
    private TestUser alice;
    private TestUser bob;

    @BeforeEach
    void setUp() {
        posts = new PostSteps(api());
        alice = users().register();
        bob = users().register();
    }

    @Test
    void aPostIsAMastodonStatusWithItsPhotosAndLinkedText() {
        List<String> photos = posts.photos(alice, 2);

        JsonNode status = ok(posts.create(alice, body(
                "status", "Sunset with @" + bob.username() + " and @nobody_here at the #Beach\n\n#sunset <3",
                "media_ids", photos, "language", "en")));

        assertThat(status.get("id").asString()).matches("\\d+");
        assertThat(status.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z");
        assertThat(status.get("visibility").asString()).isEqualTo("public");
        assertThat(status.get("in_reply_to_id").isNull()).isTrue();
        assertThat(status.get("account").get("id").asString()).isEqualTo(alice.id());
        assertThat(status.get("language").asString()).isEqualTo("en");
        assertThat(status.get("favourited").asBoolean()).isFalse();
        assertThat(status.get("favourites_count").asInt()).isZero();
        assertThat(status.get("url").asString()).endsWith("/@" + alice.username() + "/" + status.get("id").asString());
        assertThat(status.get("media_attachments").valueStream().map(media -> media.get("id").asString()))
                .containsExactlyElementsOf(photos);
        assertThat(status.get("tags").valueStream().map(tag -> tag.get("name").asString()))
                .containsExactly("beach", "sunset");
        assertThat(status.get("mentions").size()).isEqualTo(1);
        assertThat(status.get("mentions").get(0).get("id").asString()).isEqualTo(bob.id());
        assertThat(status.get("mentions").get(0).get("acct").asString()).isEqualTo(bob.username());
        String content = status.get("content").asString();
        assertThat(content).startsWith("<p>Sunset with <span class=\"h-card\"")
                .contains("class=\"u-url mention\">@<span>" + bob.username() + "</span></a>")
                .contains("@nobody_here")
                .contains("/tags/beach\" class=\"mention hashtag\" rel=\"tag\">#<span>Beach</span></a></p><p>")
                .endsWith(" &lt;3</p>");
        assertThat(status.has("text")).isFalse();
        assertThat(status.get("reblog").isNull()).isTrue();
        assertThat(status.get("emojis").isArray()).isTrue();
    }

    @Test
    void theSourceIsTheTextAsTyped() {
        String caption = "Line one\n\n#Two <b>";
        String post = ok(posts.create(alice, body("status", caption, "spoiler_text", "cw",
                "media_ids", List.of(posts.photo(alice))))).get("id").asString();

        JsonNode source = ok(api().get("/api/v1/statuses/" + post + "/source", bob.token()));

        assertThat(source.get("id").asString()).isEqualTo(post);
        assertThat(source.get("text").asString()).isEqualTo(caption);
        assertThat(source.get("spoiler_text").asString()).isEqualTo("cw");
    }

    @Test
    void mentionsNamingThisServerAreLocalAndOthersArePlainText() {
        String domain = ok(api().get("/api/v1/instance", null)).get("uri").asString();
        JsonNode status = ok(posts.create(alice, body("status",
                "@" + bob.username().toUpperCase() + "@" + domain + " and @" + bob.username() + "@mastodon.social",
                "media_ids", List.of(posts.photo(alice)), "language", "not a language")));

        assertThat(status.get("mentions").valueStream().map(mention -> mention.get("id").asString()))
                .containsExactly(bob.id());
        assertThat(status.get("content").asString()).endsWith(" and @" + bob.username() + "@mastodon.social</p>");
        assertThat(status.get("language").isNull()).isTrue();
    }

    @Test
    void aFormEncodedPostWithBracketedMediaIdsWorksToo() {
        String photo = posts.photo(alice);

        Api.Response response = api().postForm("/api/v1/statuses", alice.token(),
                Api.form("status", "From a form", "media_ids[]", List.of(photo), "sensitive", "true"));

        JsonNode status = ok(response);
        assertThat(status.get("sensitive").asBoolean()).isTrue();
        assertThat(status.get("media_attachments").get(0).get("id").asString()).isEqualTo(photo);
    }

    @Test
    void aSpoilerTextMarksThePostSensitive() {
        JsonNode status = ok(posts.create(alice, body("status", "", "spoiler_text", "Food", "media_ids",
                List.of(posts.photo(alice)))));

        assertThat(status.get("spoiler_text").asString()).isEqualTo("Food");
        assertThat(status.get("sensitive").asBoolean()).isTrue();
        assertThat(status.get("content").asString()).isEmpty();
    }

    @Test
    void aLockedAccountPostsForItsFollowersUnlessItSaysOtherwise() {
        ok(api().patchJson("/api/v1/accounts/update_credentials", alice.token(), java.util.Map.of("locked", true)));

        assertThat(ok(posts.create(alice, body("media_ids", List.of(posts.photo(alice))))).get("visibility").asString())
                .isEqualTo("private");
        assertThat(posts.post(alice, "public", "").get("visibility").asString()).isEqualTo("public");
    }

    @Test
    void aCaptionMayHave2200CharactersCountedAsTheUserSeesThem() {
        String emojiCaption = "🌅".repeat(StatusRules.TEXT_MAX);
        JsonNode status = ok(posts.create(alice, body("status", emojiCaption, "media_ids", List.of(posts.photo(alice)))));

        assertThat(status.get("content").asString()).isEqualTo("<p>" + emojiCaption + "</p>");
        unprocessable(posts.create(alice, body("status", "a".repeat(StatusRules.TEXT_MAX + 1),
                "media_ids", List.of(posts.photo(alice)))));
    }

    @Test
    void aPostNeedsAPhoto() {
        unprocessable(posts.create(alice, body("status", "Just words")));
        unprocessable(posts.create(alice, body("status", "Just words", "media_ids", List.of())));
        assertThat(posts.account(alice).get("statuses_count").asInt()).isZero();
    }

    @Test
    void elevenPhotosAreTooMany() {
        List<String> eleven = posts.photos(alice, 11);

        unprocessable(posts.create(alice, body("media_ids", eleven)));

        JsonNode ten = ok(posts.create(alice, body("media_ids", eleven.subList(0, 10))));
        assertThat(ten.get("media_attachments").size()).isEqualTo(10);
    }

    @Test
    void someoneElsesUnknownOrAlreadyUsedPhotosAreRefused() {
        String bobsPhoto = posts.photo(bob);
        unprocessable(posts.create(alice, body("media_ids", List.of(bobsPhoto))));
        unprocessable(posts.create(alice, body("media_ids", List.of("123456789"))));
        unprocessable(posts.create(alice, body("media_ids", List.of("not-an-id"))));

        String photo = posts.photo(alice);
        ok(posts.create(alice, body("media_ids", List.of(photo))));
        unprocessable(posts.create(alice, body("media_ids", List.of(photo))));

        // Bob's photo is still his to post.
        ok(posts.create(bob, body("media_ids", List.of(bobsPhoto))));
        assertThat(posts.account(alice).get("statuses_count").asInt()).isEqualTo(1);
    }

    @Test
    void directMessagesPollsAndScheduledPostsAreNotSupported() {
        String photo = posts.photo(alice);
        unprocessable(posts.create(alice, body("media_ids", List.of(photo), "visibility", "direct")));
        unprocessable(posts.create(alice, body("media_ids", List.of(photo), "visibility", "friends")));
        unprocessable(posts.create(alice, body("media_ids", List.of(photo), "poll",
                java.util.Map.of("options", List.of("a", "b"), "expires_in", 3600))));
        unprocessable(posts.create(alice, body("media_ids", List.of(photo), "scheduled_at", "2030-01-01T00:00:00Z")));

        ok(posts.create(alice, body("media_ids", List.of(photo))));
    }

    @Test
    void thirtyHashtagsAreTheMost() {
        StringBuilder caption = new StringBuilder();
        for (int i = 0; i < StatusRules.TAGS_PER_STATUS_MAX; i++) {
            caption.append("#tag").append(i).append(' ');
        }
        JsonNode thirty = ok(posts.create(alice, body("status", caption.toString(), "media_ids", List.of(posts.photo(alice)))));
        assertThat(thirty.get("tags").size()).isEqualTo(StatusRules.TAGS_PER_STATUS_MAX);

        unprocessable(posts.create(alice, body("status", caption + " #onemore", "media_ids", List.of(posts.photo(alice)))));
    }

    @Test
    void hashtagsAreStoredOnceWhateverTheirCase() {
        posts.post(alice, "public", "#Graminsta");
        posts.post(bob, "public", "#GRAMINSTA and #graminsta");

        long tags = jdbc.sql("SELECT count(*) FROM tags WHERE lower(name) = 'graminsta'").query(Long.class).single();
        long uses = jdbc.sql("SELECT count(*) FROM status_tags st JOIN tags t ON t.id = st.tag_id WHERE t.name = 'graminsta'")
                .query(Long.class).single();
        assertThat(tags).isEqualTo(1);
        assertThat(uses).isEqualTo(2);
    }

    @Test
    void aCommentIsTextUnderThePostAndCountsAsItsReply() {
        String post = posts.publicPost(alice);

        JsonNode comment = ok(posts.comment(bob, post, "Lovely!"));

        assertThat(comment.get("in_reply_to_id").asString()).isEqualTo(post);
        assertThat(comment.get("in_reply_to_account_id").asString()).isEqualTo(alice.id());
        assertThat(comment.get("media_attachments").size()).isZero();
        assertThat(ok(posts.get(bob, post)).get("replies_count").asInt()).isEqualTo(1);
        // Only posts count on a profile.
        assertThat(posts.account(bob).get("statuses_count").asInt()).isZero();
        assertThat(posts.account(alice).get("statuses_count").asInt()).isEqualTo(1);
        assertThat(posts.account(alice).get("last_status_at").isNull()).isFalse();
    }

    @Test
    void aReplyToACommentAnswersThatComment() {
        String post = posts.publicPost(alice);
        String comment = posts.commentId(bob, post, "First!");

        JsonNode reply = ok(posts.comment(alice, comment, "@" + bob.username() + " thanks"));

        assertThat(reply.get("in_reply_to_id").asString()).isEqualTo(comment);
        assertThat(reply.get("in_reply_to_account_id").asString()).isEqualTo(bob.id());
        assertThat(ok(posts.get(alice, comment)).get("replies_count").asInt()).isEqualTo(1);
        assertThat(ok(posts.get(alice, post)).get("replies_count").asInt()).isEqualTo(1);
    }

    @Test
    void aCommentHasNoPhotosAndIsNotEmpty() {
        String post = posts.publicPost(alice);

        unprocessable(posts.create(bob, body("status", "Look", "in_reply_to_id", post, "media_ids", List.of(posts.photo(bob)))));
        unprocessable(posts.comment(bob, post, "   \n "));
        unprocessable(posts.comment(bob, post, "a".repeat(StatusRules.TEXT_MAX + 1)));
        ok(posts.comment(bob, post, "a".repeat(StatusRules.TEXT_MAX)));
    }

    @Test
    void aCommentTakesThePostsVisibility() {
        String post = posts.post(alice, "unlisted", "").get("id").asString();

        JsonNode comment = ok(posts.create(bob, body("status", "Nice", "in_reply_to_id", post, "visibility", "public")));

        assertThat(comment.get("visibility").asString()).isEqualTo("unlisted");
    }

    @Test
    void replyingToWhatOneCannotSeeIsNotFound() {
        String privatePost = posts.post(alice, "private", "").get("id").asString();

        Api.Response hidden = posts.comment(bob, privatePost, "Hi");
        Api.Response unknown = posts.comment(bob, "1", "Hi");
        Api.Response garbage = posts.comment(bob, "abc", "Hi");

        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo(unknown.body()).isEqualTo(garbage.body());
        assertThat(ok(posts.get(alice, privatePost)).get("replies_count").asInt()).isZero();
    }

    @Test
    void anAppTokenCannotPost() {
        String appToken = users().app("read write").token();

        Api.Response response = api().postJson("/api/v1/statuses", appToken, body("status", "hi"));

        assertThat(response.status()).isEqualTo(422);
    }

    @Test
    void countersStayExactWhenManyCommentAtOnce() throws Exception {
        String post = posts.publicPost(alice);
        List<TestUser> people = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            people.add(users().register());
        }

        List<java.util.concurrent.Callable<Integer>> work = new ArrayList<>();
        for (TestUser person : people) {
            for (int i = 0; i < 4; i++) {
                work.add(() -> posts.comment(person, post, "Wow").status());
            }
        }
        work.add(() -> posts.create(alice, body("media_ids", List.of(posts.photo(alice)))).status());
        work.add(() -> posts.create(alice, body("media_ids", List.of(posts.photo(alice)))).status());
        List<Integer> statuses = Concurrently.run(work);

        assertThat(statuses).containsOnly(200);
        long replies = jdbc.sql("SELECT count(*) FROM statuses WHERE in_reply_to_id = :id")
                .param("id", Long.parseLong(post)).query(Long.class).single();
        assertThat(replies).isEqualTo(24);
        assertThat(ok(posts.get(alice, post)).get("replies_count").asLong()).isEqualTo(replies);
        assertThat(posts.account(alice).get("statuses_count").asInt()).isEqualTo(3);
    }
}
