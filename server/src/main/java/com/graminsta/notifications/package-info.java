/**
 * Notifications: an account hears that it was followed or asked to be, that its post was liked or
 * commented on, or that it was mentioned. They are written from the other features' events once
 * those commit, and read through Mastodon's notifications API.
 */
package com.graminsta.notifications;
