package com.graminsta.platform.web;

/** The parameters could not be read into the shape the endpoint takes. */
class InvalidParametersException extends RuntimeException {

    InvalidParametersException(String message) {
        super(message);
    }
}
