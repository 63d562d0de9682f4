package com.graminsta.platform.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a record from the request however the client sent it: a JSON body, a form-urlencoded
 * body, multipart form fields or the query string, with Rails-style brackets ({@code ids[]=1},
 * {@code fields[0][name]=x}) as Mastodon clients send them. Names are snake_case on the wire.
 * A value of the wrong type is a 400 naming the field.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Params {
}
