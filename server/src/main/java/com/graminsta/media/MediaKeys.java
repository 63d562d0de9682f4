package com.graminsta.media;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import com.graminsta.platform.images.ImageFormat;

/**
 * Where an upload's files live. Names carry 128 random bits, so no URL can be guessed from
 * another; originals (with the uploader's GPS and camera metadata) go under private/, which is
 * never served.
 */
final class MediaKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private MediaKeys() {
    }

    static String newVariantsKey() {
        return random();
    }

    static String newOriginalKey(ImageFormat format) {
        return "private/originals/" + random() + "." + format.extension();
    }

    /** The same keys on every run of the processing job, so a retry overwrites instead of adding. */
    static String variant(String variantsKey, String name) {
        return "attachments/" + variantsKey + "/" + name + ".jpg";
    }

    static List<String> variants(String variantsKey) {
        return List.of(variant(variantsKey, "feed"), variant(variantsKey, "small"), variant(variantsKey, "preview"),
                variant(variantsKey, "thumb"));
    }

    private static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
