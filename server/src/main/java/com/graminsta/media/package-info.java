/**
 * Photos: uploads, the background processing that makes safe variants of them, and the Mastodon
 * {@code MediaAttachment} entity posts render.
 */
package com.graminsta.media;
