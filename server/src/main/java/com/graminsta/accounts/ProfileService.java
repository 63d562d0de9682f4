package com.graminsta.accounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.security.SecureRandom;
import java.util.List;

import com.graminsta.platform.images.ImageHeader;
import com.graminsta.platform.images.ImageProcessor;
import com.graminsta.platform.images.InvalidImageException;
import com.graminsta.platform.storage.MediaStore;
import com.graminsta.platform.storage.StoredFileDeletion;
import com.graminsta.platform.web.ApiException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;

/** Changes to one's own profile. */
@Service
class ProfileService {

    static final long AVATAR_MAX_BYTES = 10L * 1024 * 1024;
    static final long AVATAR_MAX_PIXELS = 50_000_000L;
    static final int AVATAR_SIZE = 400;
    static final int AVATAR_JPEG_QUALITY = 85;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final MediaStore media;
    private final ImageProcessor images;
    private final ApplicationEventPublisher events;
    private final StoredFileDeletion deletions;

    ProfileService(JdbcClient jdbc, Accounts accounts, MediaStore media, ImageProcessor images,
                   ApplicationEventPublisher events, StoredFileDeletion deletions) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.media = media;
        this.images = images;
        this.events = events;
        this.deletions = deletions;
    }

    record ProfileChanges(String displayName, String note, Boolean locked) {
    }

    private record Current(String avatarKey, boolean locked) {
    }

    /**
     * Applies the fields that were sent. A new avatar is decoded, cropped square, resized and
     * re-encoded before anything is saved, so a bad image changes nothing.
     */
    @Transactional
    void update(long accountId, ProfileChanges changes, MultipartFile avatar) {
        String displayName = changes.displayName() == null ? null : AccountRules.displayName(changes.displayName());
        String note = changes.note() == null ? null : AccountRules.note(changes.note());
        String avatarKey = avatar == null || avatar.isEmpty() ? null : storeAvatar(avatar);
        // What the update replaces, read under the row lock: two concurrent changes then see each
        // other's result, so an unlock is announced once and every replaced avatar is deleted.
        Current current = jdbc.sql("SELECT avatar_key, locked FROM accounts WHERE id = :id FOR UPDATE")
                .param("id", accountId)
                .query((row, n) -> new Current(row.getString("avatar_key"), row.getBoolean("locked")))
                .optional().orElse(new Current(null, false));
        boolean unlocking = current.locked() && Boolean.FALSE.equals(changes.locked());
        String previousAvatar = avatarKey == null ? null : current.avatarKey();
        jdbc.sql("""
                        UPDATE accounts SET
                            display_name = coalesce(:displayName, display_name),
                            note = coalesce(:note, note),
                            locked = coalesce(:locked, locked),
                            avatar_key = coalesce(:avatarKey, avatar_key),
                            updated_at = now()
                        WHERE id = :id""")
                .param("displayName", displayName)
                .param("note", note)
                .param("locked", changes.locked())
                .param("avatarKey", avatarKey)
                .param("id", accountId)
                .update();
        accounts.changed(accountId);
        if (unlocking) {
            events.publishEvent(new AccountUnlocked(accountId));
        }
        if (previousAvatar != null) {
            // After the commit, and after the restore window: a restored account still has it.
            deletions.deleteLater(List.of(previousAvatar));
        }
    }

    private String storeAvatar(MultipartFile avatar) {
        if (avatar.getSize() > AVATAR_MAX_BYTES) {
            throw ApiException.unprocessable("Validation failed: Avatar must be at most 10 MB");
        }
        try {
            // As for photos: the real format and the pixel count from the header before any
            // decoding, then libvips (upright, sRGB, no metadata), which also reads HEIC and WebP.
            byte[] bytes = avatar.getBytes();
            ImageHeader header = ImageHeader.read(bytes).requireAtMostPixels(AVATAR_MAX_PIXELS);
            if (!images.formats().contains(header.format())) {
                throw new InvalidImageException("must be a JPEG, PNG, WebP or GIF image");
            }
            byte[] jpeg = images.square(bytes, header, AVATAR_SIZE, AVATAR_JPEG_QUALITY).jpeg();
            String key = "avatars/" + HexFormat.of().formatHex(randomBytes()) + ".jpg";
            media.put(key, jpeg, "image/jpeg");
            return key;
        } catch (InvalidImageException e) {
            throw ApiException.unprocessable("Validation failed: Avatar " + lowerFirst(e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String lowerFirst(String text) {
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
