package com.graminsta.platform.storage;

public class MediaNotFoundException extends RuntimeException {

    public MediaNotFoundException(String key) {
        super("No stored media under " + key);
    }
}
