/** What this server is: the Mastodon instance entities clients read before anything else. */
package com.graminsta.instance;
