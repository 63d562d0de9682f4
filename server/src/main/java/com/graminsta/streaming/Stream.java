package com.graminsta.streaming;

import java.util.List;

import com.graminsta.posts.Hashtags;

/**
 * One stream a client asked for, as Mastodon's streaming server names it: the name and tag frames
 * carry back ({@code ["hashtag", "cats"]}), the channels it listens to, and which timeline's rule
 * decides what a viewer sees of it.
 */
record Stream(String name, String tag, List<String> channels, Timeline timeline) {

    /** The timeline whose query decides whether a status on this stream reaches a viewer. */
    enum Timeline {
        HOME, NOTIFICATIONS, PUBLIC, PUBLIC_MEDIA, TAG,
        /** Accepted as Mastodon accepts it; nothing is ever published there (no remote posts, no direct messages). */
        NOTHING
    }

    /**
     * The stream of this name for this viewer, or Mastodon's error for it. {@code tag} and
     * {@code list} are the parameters of the hashtag and list streams.
     */
    static Stream resolve(String name, String tag, String list, Viewer viewer) {
        if (name == null) {
            throw StreamError.badRequest("Unknown stream type");
        }
        requireScopes(name, viewer);
        String me = "timeline:" + viewer.accountId();
        return switch (name) {
            case "user" -> new Stream(name, null, viewer.may("read:notifications")
                    ? List.of(me, notifications(viewer.accountId())) : List.of(me), Timeline.HOME);
            case "user:notification" -> new Stream(name, null, List.of(notifications(viewer.accountId())),
                    Timeline.NOTIFICATIONS);
            case "public", "public:local" -> new Stream(name, null, List.of("timeline:" + name), Timeline.PUBLIC);
            case "public:media", "public:local:media" -> new Stream(name, null, List.of("timeline:" + name),
                    Timeline.PUBLIC_MEDIA);
            case "public:remote", "public:remote:media" -> new Stream(name, null, List.of("timeline:" + name),
                    Timeline.NOTHING);
            case "direct" -> new Stream(name, null, List.of("timeline:direct:" + viewer.accountId()), Timeline.NOTHING);
            case "hashtag", "hashtag:local" -> {
                if (tag == null || tag.isEmpty()) {
                    throw StreamError.badRequest("Missing tag name parameter");
                }
                yield new Stream(name, tag, List.of(hashtag(tag, name.endsWith(":local"))), Timeline.TAG);
            }
            case "list" -> {
                if (list == null || list.isEmpty()) {
                    throw StreamError.badRequest("Missing list name parameter");
                }
                // Graminsta has no lists, so no list is the viewer's.
                throw StreamError.unauthorized("Not authorized to stream this list");
            }
            default -> throw StreamError.badRequest("Unknown stream type");
        };
    }

    /** The stream's name in frames: the hashtag streams carry their tag as the client wrote it. */
    List<String> names() {
        return tag == null ? List.of(name) : List.of(name, tag);
    }

    /** The normalised tag, for the tag timeline's query. */
    String normalisedTag() {
        return Hashtags.normalise(tag);
    }

    static String notifications(long accountId) {
        return "timeline:" + accountId + ":notifications";
    }

    static String hashtag(String tag, boolean local) {
        return "timeline:hashtag:" + Hashtags.normalise(tag) + (local ? ":local" : "");
    }

    /** Public streams need no scope; the others {@code read}, or the narrower scope Mastodon names. */
    private static void requireScopes(String name, Viewer viewer) {
        String needed = switch (name) {
            case "user:notification" -> "read:notifications";
            case "user", "direct", "list" -> "read:statuses";
            default -> null;
        };
        if (needed != null && !viewer.may(needed)) {
            throw StreamError.unauthorized("Access token does not have the required scopes");
        }
    }
}
