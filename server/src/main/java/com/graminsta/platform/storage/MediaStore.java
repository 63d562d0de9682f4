package com.graminsta.platform.storage;

import java.io.InputStream;

/**
 * Where image bytes live: the local disk in stage 1, object storage from stage 5. Keys are
 * chosen by the caller, unguessable and never reused, so stored objects are immutable. Keys
 * under {@value #PRIVATE_PREFIX} (such as uploaded originals, which still carry their metadata)
 * are never served publicly.
 */
public interface MediaStore {

    String PRIVATE_PREFIX = "private/";

    void put(String key, byte[] bytes, String contentType);

    /** The object's bytes, or {@link MediaNotFoundException} when there is none. */
    InputStream open(String key);

    void delete(String key);

    /** The public URL of an object, under the media base URL. */
    String url(String key);
}
