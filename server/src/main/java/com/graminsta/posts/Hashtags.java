package com.graminsta.posts;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How hashtags are named in storage and URLs. Tags are stored under this form, so whoever looks
 * one up (the tag timeline, search) normalises the name the user typed the same way first:
 * {@code #Café}, {@code #CAFÉ} and a decomposed {@code #café} are one tag.
 */
public final class Hashtags {

    private Hashtags() {
    }

    /** Compatibility-normalised (NFKC) and lower case. */
    public static String normalise(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
