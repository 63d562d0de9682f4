package com.graminsta.platform.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

/**
 * Where image bytes live: the local disk in stage 1, object storage from stage 5. Keys are
 * chosen by the caller, unguessable and never reused, so stored objects are immutable. Keys
 * under {@value #PRIVATE_PREFIX} (such as uploaded originals, which still carry their metadata)
 * are never served publicly.
 *
 * <p>Every method may throw {@link MediaStorageUnavailableException} when the store cannot be
 * reached; callers leave nothing half-written and let it reach the caller or the job worker.
 */
public interface MediaStore {

    String PRIVATE_PREFIX = "private/";

    void put(String key, byte[] bytes, String contentType);

    /** The object's bytes, or {@link MediaNotFoundException} when there is none. */
    InputStream open(String key);

    /** The object's bytes, read whole, or {@link MediaNotFoundException} when there is none. */
    default byte[] read(String key) {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object's size in bytes, without reading it; empty when there is none. */
    OptionalLong size(String key);

    /** Deletes the object; deleting one that is not there is not an error. */
    void delete(String key);

    /** The public URL of an object, under the media base URL. */
    String url(String key);

    /** The media base URL: every public object's URL starts with it (the CDN from stage 5). */
    String baseUrl();

    static boolean isPrivate(String key) {
        return key.startsWith(PRIVATE_PREFIX);
    }
}
