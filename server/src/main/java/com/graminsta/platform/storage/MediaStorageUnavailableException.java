package com.graminsta.platform.storage;

import com.graminsta.platform.jobs.TransientFailure;

/**
 * The store could not be reached, timed out or answered with a server error: nothing is wrong
 * with the request, and the same call is likely to work in a moment. The API answers 503, and
 * jobs wait the outage out instead of giving up.
 */
public class MediaStorageUnavailableException extends RuntimeException implements TransientFailure {

    public MediaStorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
