package com.graminsta.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.imageio.ImageIO;

import com.graminsta.support.Api;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestImages;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProfileTests extends IntegrationTest {

    /** The default avatar is media like any other: under the media base URL, named by its content. */
    private static final String DEFAULT_AVATAR = ".*/media/avatars/missing-[0-9a-f]{16}\\.png";

    @Test
    void anAccountWithoutAvatarShowsTheDefaultOneFromTheMediaStore() throws Exception {
        TestUser user = users().register();
        JsonNode account = api().get("/api/v1/accounts/" + user.id(), null).json();
        String avatar = account.get("avatar").asString();
        assertThat(avatar).matches(DEFAULT_AVATAR);
        assertThat(account.get("header").asString()).matches(".*/media/avatars/missing-header-[0-9a-f]{16}\\.png");

        // Published in the background at start-up: give it a moment on a busy machine.
        Api.Response image = api().get(URI.create(avatar).getPath(), null);
        for (int i = 0; i < 50 && image.status() == 404; i++) {
            Thread.sleep(100);
            image = api().get(URI.create(avatar).getPath(), null);
        }
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.header("Content-Type")).hasValue("image/png");
        assertThat(image.header("Cache-Control").orElseThrow()).contains("immutable");
    }

    @Test
    void updateCredentialsChangesOnlyWhatWasSent() {
        TestUser user = users().register();
        Api.Response first = api().patchJson("/api/v1/accounts/update_credentials", user.token(),
                Map.of("display_name", "Ana Lima", "note", "Photos of <b>cats</b>\nand dogs"));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("display_name").asString()).isEqualTo("Ana Lima");
        assertThat(first.json().get("note").asString()).isEqualTo("<p>Photos of &lt;b&gt;cats&lt;/b&gt;<br>and dogs</p>");
        assertThat(first.json().get("source").get("note").asString()).isEqualTo("Photos of <b>cats</b>\nand dogs");

        Api.Response second = api().send("PATCH", "/api/v1/accounts/update_credentials", user.token(),
                "application/x-www-form-urlencoded", "locked=true".getBytes(StandardCharsets.UTF_8));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("locked").asBoolean()).isTrue();
        assertThat(second.json().get("display_name").asString()).isEqualTo("Ana Lima");
        assertThat(second.json().get("source").get("privacy").asString()).isEqualTo("private");
    }

    @Test
    void updateCredentialsAcceptsMultipartAsMastoSendsIt() {
        TestUser user = users().register();
        Api.Response response = api().multipart("PATCH", "/api/v1/accounts/update_credentials", user.token(),
                Api.form("display_name", "Multi Part", "locked", "false"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("display_name").asString()).isEqualTo("Multi Part");
    }

    @Test
    void overlongProfileFieldsAreRefusedAndNothingChanges() {
        TestUser user = users().register();
        Api.Response response = api().patchJson("/api/v1/accounts/update_credentials", user.token(),
                Map.of("display_name", "ok", "note", "x".repeat(501)));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).contains("Note is too long");
        assertThat(api().get("/api/v1/accounts/" + user.id(), null).json().get("display_name").asString()).isEmpty();
    }

    @Test
    void avatarsAreCroppedResizedAndStrippedOfMetadata() throws Exception {
        TestUser user = users().register();
        byte[] photo = TestImages.phoneJpeg(1200, 800, 6);
        assertThat(new String(photo, StandardCharsets.ISO_8859_1)).contains("Exif").contains(TestImages.DEVICE);
        Api.Response response = api().multipart("PATCH", "/api/v1/accounts/update_credentials", user.token(),
                Map.of("avatar", new Api.FilePart("me.jpg", "image/jpeg", photo)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        String avatarUrl = response.json().get("avatar").asString();
        assertThat(avatarUrl).contains("/media/avatars/").endsWith(".jpg");

        Api.Response served = api().send("GET", URI.create(avatarUrl).getPath(), null, null, new byte[0]);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header("Cache-Control").orElseThrow()).contains("max-age=31536000").contains("immutable");
        byte[] stored = api().bytes(URI.create(avatarUrl).getPath());
        String raw = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("Exif").doesNotContain(TestImages.DEVICE).doesNotContain(TestImages.TAKEN_AT);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(stored));
        assertThat(image.getWidth()).isEqualTo(ProfileService.AVATAR_SIZE);
        assertThat(image.getHeight()).isEqualTo(ProfileService.AVATAR_SIZE);

        Api.Response range = api().send("GET", URI.create(avatarUrl).getPath(), null, null, new byte[0], "Range", "bytes=0-9");
        assertThat(range.status()).isEqualTo(206);
    }

    @Test
    void aSidewaysPhonePhotoBecomesAnUprightAvatar() throws Exception {
        TestUser user = users().register();
        Api.Response response = api().multipart("PATCH", "/api/v1/accounts/update_credentials", user.token(),
                Map.of("avatar", new Api.FilePart("me.jpg", "image/jpeg", TestImages.sidewaysPhoneJpeg(1200, 400))));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);

        BufferedImage avatar = ImageIO.read(new ByteArrayInputStream(
                api().bytes(URI.create(response.json().get("avatar").asString()).getPath())));
        // Upright, the photo is 400 × 1200 with red above blue; its middle square is red on top.
        // Had the orientation been ignored, the square would be red on the left, blue on the right.
        assertThat(new Color(avatar.getRGB(300, 80))).satisfies(ProfileTests::isRed);
        assertThat(new Color(avatar.getRGB(100, 320))).satisfies(ProfileTests::isBlue);
    }

    @Test
    void aWebpAvatarIsAccepted() {
        TestUser user = users().register();
        Api.Response response = api().multipart("PATCH", "/api/v1/accounts/update_credentials", user.token(),
                Map.of("avatar", new Api.FilePart("me.webp", "image/webp", TestImages.webp(640, 480))));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("avatar").asString()).contains("/media/avatars/").endsWith(".jpg");
    }

    // JPEG's colour subsampling blurs pure colours a little: compare the channels, not exact values.
    private static void isRed(Color color) {
        assertThat(color.getRed()).isGreaterThan(color.getBlue() + 100);
    }

    private static void isBlue(Color color) {
        assertThat(color.getBlue()).isGreaterThan(color.getRed() + 100);
    }

    @Test
    void anAvatarThatIsNotAnImageIsRefused() {
        TestUser user = users().register();
        Api.Response text = api().multipart("PATCH", "/api/v1/accounts/update_credentials", user.token(),
                Map.of("avatar", new Api.FilePart("me.jpg", "image/jpeg", "not an image at all".getBytes(StandardCharsets.UTF_8))));
        assertThat(text.status()).isEqualTo(422);
        assertThat(text.json().get("error").asString()).startsWith("Validation failed: Avatar");
        byte[] truncated = java.util.Arrays.copyOf(TestImages.jpeg(600, 600), 400);
        Api.Response broken = api().multipart("PATCH", "/api/v1/accounts/update_credentials", user.token(),
                Map.of("avatar", new Api.FilePart("me.jpg", "image/jpeg", truncated)));
        assertThat(broken.status()).isEqualTo(422);
        assertThat(api().get("/api/v1/accounts/" + user.id(), null).json().get("avatar").asString()).matches(DEFAULT_AVATAR);
    }

    @Test
    void anAvatarClaimingAHugeCanvasIsRefusedBeforeDecoding() {
        TestUser user = users().register();
        Api.Response response = api().multipart("PATCH", "/api/v1/accounts/update_credentials", user.token(),
                Map.of("avatar", new Api.FilePart("bomb.png", "image/png", TestImages.pngClaiming(64_000, 64_000))));
        assertThat(response.status()).isEqualTo(422);
    }

    @Test
    void accountsCanBeReadByIdLookupAndSearch() {
        TestUser user = users().register();
        JsonNode byId = api().get("/api/v1/accounts/" + user.id(), null).json();
        assertThat(byId.get("username").asString()).isEqualTo(user.username());
        assertThat(byId.get("avatar").asString()).matches(DEFAULT_AVATAR);
        assertThat(byId.has("source")).isFalse();
        assertThat(api().get("/api/v1/accounts/lookup?acct=@" + user.username().toUpperCase(), null).json().get("id").asString())
                .isEqualTo(user.id());
        JsonNode found = api().get("/api/v1/accounts/search?q=" + user.username(), user.token()).json();
        assertThat(found.get(0).get("id").asString()).isEqualTo(user.id());
        assertThat(api().get("/api/v1/accounts/search?q=" + user.username(), null).status()).isEqualTo(401);
    }

    @Test
    void unknownAccountsAre404() {
        assertThat(api().get("/api/v1/accounts/123456789", null).status()).isEqualTo(404);
        Api.Response notAnId = api().get("/api/v1/accounts/not-an-id", null);
        assertThat(notAnId.status()).isEqualTo(404);
        assertThat(notAnId.json().get("error").asString()).isEqualTo("Record not found");
        assertThat(api().get("/api/v1/accounts/lookup?acct=nobody_here_at_all", null).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/accounts/lookup", null).status()).isEqualTo(400);
    }
}
