package com.graminsta.lab.workload;

import java.time.Duration;

/**
 * What one session does: a person opening a Mastodon client, reading, reacting, leaving. The one
 * place the workload's mix is defined (loadtest/lab/README.md explains each figure). Counts are
 * per session; fractional ones are means, drawn per session.
 */
public final class Mix {

    /** The home timeline: page 1, then page 2 through the Link header's next. */
    public static final int HOME_PAGES = 2;
    /** Statuses per page, as most Mastodon clients ask. */
    public static final int PAGE_SIZE = 20;
    /** Profile views: the account, then its statuses. */
    public static final int PROFILE_VIEWS = 2;
    /** Of the profile views, the share that goes to the most-followed account, mavid. */
    public static final double MAVID_SHARE = 0.20;
    /** The other profile views follow Zipf's law over the follower ranks 2..N, with this exponent. */
    public static final double ZIPF_EXPONENT = 1.0;
    /** Post pages: the status, its context (the comments), and its first photo at full size. */
    public static final int POST_PAGES = 3;
    /** Notifications, once per session. */
    public static final int NOTIFICATIONS = 1;

    public static final double LIKES = 1.0;
    public static final double COMMENTS = 0.1;
    public static final double FOLLOWS = 0.02;
    public static final double SEARCHES = 0.1;
    /** A small JPEG, sent straight to object storage when the server offers it, then posted. */
    public static final double UPLOADS = 0.01;

    /** Think time between screens, uniform in this range. */
    public static final Duration THINK_MIN = Duration.ofMillis(1000);
    public static final Duration THINK_MAX = Duration.ofMillis(3000);
    /** How long an uploading client waits between asking whether its photo is processed. */
    public static final Duration PROCESSING_POLL = Duration.ofMillis(500);
    public static final int PROCESSING_POLLS = 60;

    /** The photos a timeline shows: each status's first photo, at preview_url (the rest are a swipe away). */
    public static final String TIMELINE_PHOTO = "preview_url";
    /** The photo a post page shows: its first, at url (the 1080-wide feed variant). */
    public static final String POST_PHOTO = "url";

    private Mix() {
    }

    /** Per-visit probability of an action that happens {@code perSession} times per session over {@code visits} visits. */
    static double perVisit(double perSession, int visits) {
        return perSession / visits;
    }
}
