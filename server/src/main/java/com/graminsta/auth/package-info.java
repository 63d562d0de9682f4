/**
 * Signing up and signing in: OAuth apps, the Mastodon OAuth endpoints, access tokens and the
 * security rules that turn a bearer token into a {@link com.graminsta.platform.security.Caller}.
 */
package com.graminsta.auth;
