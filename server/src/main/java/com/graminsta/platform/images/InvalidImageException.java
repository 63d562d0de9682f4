package com.graminsta.platform.images;

/** The upload is not an image Graminsta accepts; the message says why, for the user. */
public class InvalidImageException extends RuntimeException {

    public InvalidImageException(String message) {
        super(message);
    }
}
