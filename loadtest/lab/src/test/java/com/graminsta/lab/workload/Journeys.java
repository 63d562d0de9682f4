package com.graminsta.lab.workload;

import static io.gatling.javaapi.core.CoreDsl.RawFileBody;
import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyLength;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.foreach;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.http.HttpDsl.RawFileBodyPart;
import static io.gatling.javaapi.http.HttpDsl.StringBodyPart;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The screens of a Mastodon client, as chains of requests a session goes through. How often
 * each happens is {@link Mix}'s business; what each sends is here. Request names are the request
 * types of summary.json.
 */
final class Journeys {

    static final String PHOTO_RESOURCE = "lab-photo.jpg";
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
    /** Statuses this session has seen (timelines, profiles): what it opens, likes and answers. */
    private static final String SEEN = "seen";

    private final Users users;
    private final List<String> hashtags;
    private final WorkloadCounts counts;
    private final long photoSize;

    Journeys(Users users, List<String> hashtags, WorkloadCounts counts) {
        this.users = users;
        this.hashtags = hashtags;
        this.counts = counts;
        this.photoSize = resourceSize(PHOTO_RESOURCE);
    }

    /** Who opens the app: any account, with its token. */
    ChainBuilder signedIn() {
        return exec(session -> {
            Users.User me = users.anyone();
            return counts.sessionBegun(session).set("token", me.token()).set("me", me.accountId()).set(SEEN, List.of());
        });
    }

    ChainBuilder signedOut() {
        return exec(counts::sessionEnded);
    }

    /** Page 1 of the home timeline, its photos, then the next pages through the Link header. */
    ChainBuilder homeTimeline() {
        return exec(clearPage())
                .exec(timelinePage(api("home").get("/api/v1/timelines/home?limit=" + Mix.PAGE_SIZE)))
                .exec(this::readPage)
                .exec(timelinePhotos())
                .exec(think())
                .exec(repeat(Mix.HOME_PAGES - 1).on(
                        doIf(session -> session.contains("next")).then(
                                exec(session -> session.set("nextPage", session.getString("next")))
                                        .exec(clearPage())
                                        .exec(timelinePage(api("home next page").get("#{nextPage}")))
                                        .exec(this::readPage)
                                        .exec(timelinePhotos())
                                        .exec(think()))));
    }

    ChainBuilder notifications() {
        return repeat(Mix.NOTIFICATIONS).on(
                exec(api("notifications").get("/api/v1/notifications?limit=" + Mix.PAGE_SIZE).check(status().is(200)))
                        .exec(think()));
    }

    /** Profiles: mavid for a fifth of the views, the rest by Zipf over the follower ranks. */
    ChainBuilder profiles() {
        double follow = Mix.perVisit(Mix.FOLLOWS, Mix.PROFILE_VIEWS);
        return repeat(Mix.PROFILE_VIEWS).on(
                exec(session -> session.set("profile", users.profileToView().accountId()))
                        .exec(api("account").get("/api/v1/accounts/#{profile}").check(status().is(200)))
                        .exec(clearPage())
                        .exec(api("account statuses").get("/api/v1/accounts/#{profile}/statuses?limit=" + Mix.PAGE_SIZE)
                                .check(status().is(200), jsonPath("$[*].id").findAll().optional().saveAs("pageIds")))
                        .exec(this::readPage)
                        .exec(doIf(session -> chance(follow) && !session.getString("profile").equals(session.getString("me")))
                                .then(exec(api("follow").post("/api/v1/accounts/#{profile}/follow").check(status().is(200)))))
                        .exec(think()));
    }

    /** Post pages, among the statuses seen: the status, its comments, its photo; a like or a comment now and then. */
    ChainBuilder postPages() {
        double like = Mix.perVisit(Mix.LIKES, Mix.POST_PAGES);
        double comment = Mix.perVisit(Mix.COMMENTS, Mix.POST_PAGES);
        return exec(session -> session.set("posts", pick(session.<Object>getList(SEEN), Mix.POST_PAGES)))
                .foreach("#{posts}", "post").on(
                        exec(session -> session.remove("postPhoto"))
                                .exec(api("status").get("/api/v1/statuses/#{post}")
                                        .check(status().is(200),
                                                jsonPath("$.media_attachments[0]." + Mix.POST_PHOTO).optional().saveAs("postPhoto")))
                                .exec(api("status context").get("/api/v1/statuses/#{post}/context").check(status().is(200)))
                                .exec(doIf(session -> session.contains("postPhoto") && Loopback.is(session.getString("postPhoto"))).then(
                                        exec(session -> session.set(WorkloadCounts.URL, session.getString("postPhoto")))
                                                .exec(photo("photo (post)"))))
                                .exec(think())
                                .exec(doIf(session -> chance(like)).then(
                                        exec(api("favourite").post("/api/v1/statuses/#{post}/favourite").check(status().is(200)))))
                                .exec(doIf(session -> chance(comment)).then(
                                        exec(api("comment").post("/api/v1/statuses")
                                                .header("Idempotency-Key", "#{randomUuid()}")
                                                .body(StringBody("{\"status\":\"Lovely, from the lab\",\"in_reply_to_id\":\"#{post}\"}"))
                                                .asJson()
                                                .check(status().is(200)))
                                                .exec(think()))));
    }

    /** Search: half by hashtag, half by the start of a username. */
    ChainBuilder search() {
        return doIf(session -> chance(Mix.SEARCHES)).then(
                exec(session -> session.set("q", searchTerm()))
                        .exec(api("search").get("/api/v2/search").queryParam("q", "#{q}").queryParam("limit", Mix.PAGE_SIZE)
                                .check(status().is(200)))
                        .exec(think()));
    }

    /**
     * A photo post: straight to object storage when the instance offers direct uploads (as the
     * Graminsta web app does), else POST /api/v2/media (as Mastodon clients do); then, once the
     * photo is processed, the post.
     */
    ChainBuilder upload() {
        return doIf(session -> chance(Mix.UPLOADS)).then(
                exec(api("instance").get("/api/v2/instance")
                        .check(status().is(200),
                                jsonPath("$.configuration.graminsta.direct_uploads").ofBoolean().optional().saveAs("direct")))
                        .doIfOrElse(session -> session.contains("direct") && session.getBoolean("direct")).then(
                                exec(api("upload: presign").post("/api/graminsta/v1/uploads")
                                        .body(StringBody("{\"content_type\":\"image/jpeg\",\"size\":" + photoSize
                                                + ",\"filename\":\"lab.jpg\",\"description\":\"A photo from the lab\"}"))
                                        .asJson()
                                        .check(status().is(200), jsonPath("$.id").saveAs("uploadId"),
                                                jsonPath("$.url").validate("on loopback", (url, session) -> {
                                                    if (!Loopback.is(url)) {
                                                        throw new IllegalStateException("the store is not on loopback: " + url);
                                                    }
                                                    return url;
                                                }).saveAs("uploadUrl")))
                                        .exec(http("upload: PUT to the store").put("#{uploadUrl}")
                                                .header("Content-Type", "image/jpeg")
                                                .body(RawFileBody(PHOTO_RESOURCE))
                                                .check(status().in(200, 201, 204)))
                                        .exec(api("upload: complete").post("/api/graminsta/v1/uploads/#{uploadId}/complete")
                                                .check(status().is(202), jsonPath("$.id").saveAs("mediaId"))))
                        .orElse(
                                exec(api("upload: POST /api/v2/media").post("/api/v2/media")
                                        .bodyPart(RawFileBodyPart("file", PHOTO_RESOURCE).contentType("image/jpeg").fileName("lab.jpg"))
                                        .bodyPart(StringBodyPart("description", "A photo from the lab"))
                                        .asMultipartForm()
                                        .check(status().in(200, 202), jsonPath("$.id").saveAs("mediaId"))))
                        .exec(session -> session.set("mediaStatus", 206))
                        .asLongAs(session -> session.getInt("mediaStatus") == 206 && session.getInt("poll") < Mix.PROCESSING_POLLS, "poll").on(
                                pause(Mix.PROCESSING_POLL)
                                        .exec(api("media (processing?)").get("/api/v1/media/#{mediaId}")
                                                .check(status().in(200, 206).saveAs("mediaStatus"))))
                        // Posted even if processing took too long: the server then refuses it, an error.
                        .exec(api("post").post("/api/v1/statuses")
                                .header("Idempotency-Key", "#{randomUuid()}")
                                .body(StringBody("{\"status\":\"From the lab #" + hashtags.getFirst()
                                        + "\",\"media_ids\":[\"#{mediaId}\"]}"))
                                .asJson()
                                .check(status().is(200)))
                        .exec(think()));
    }

    // --- the parts -------------------------------------------------------------------------

    private static ApiRequest api(String name) {
        return new ApiRequest(name);
    }

    /** An API request: as the signed-in account. Photos go without the token, as clients send them. */
    record ApiRequest(String name) {
        HttpRequestActionBuilder get(String url) {
            return http(name).get(url).header("Authorization", "Bearer #{token}");
        }

        HttpRequestActionBuilder post(String url) {
            return http(name).post(url).header("Authorization", "Bearer #{token}");
        }
    }

    private static HttpRequestActionBuilder timelinePage(HttpRequestActionBuilder request) {
        return request.check(
                status().is(200),
                jsonPath("$[*].id").findAll().optional().saveAs("pageIds"),
                jsonPath("$[*].media_attachments[0]." + Mix.TIMELINE_PHOTO).findAll().optional().saveAs("pagePhotos"),
                header("Link").optional().saveAs("link"));
    }

    private static ChainBuilder clearPage() {
        return exec(session -> session.removeAll("pageIds", "pagePhotos", "link", "next"));
    }

    /** Adds the page's statuses to those seen, its photos to fetch, and its next page's URL. */
    private Session readPage(Session session) {
        Set<Object> seen = new LinkedHashSet<Object>(session.getList(SEEN));
        if (session.contains("pageIds")) {
            seen.addAll(session.getList("pageIds"));
        }
        List<String> photos = new ArrayList<>();
        if (session.contains("pagePhotos")) {
            for (Object url : session.getList("pagePhotos")) {
                if (url instanceof String s && Loopback.is(s)) {
                    photos.add(s);
                }
            }
        }
        Session next = session.set(SEEN, List.copyOf(seen)).set("photos", photos);
        if (session.contains("link")) {
            Matcher link = NEXT_LINK.matcher(session.getString("link"));
            if (link.find() && Loopback.is(link.group(1))) {
                next = next.set("next", link.group(1));
            }
        }
        return next;
    }

    private ChainBuilder timelinePhotos() {
        return foreach("#{photos}", WorkloadCounts.URL).on(photo("photo (timeline)"));
    }

    private ChainBuilder photo(String name) {
        return exec(http(name).get("#{" + WorkloadCounts.URL + "}")
                .check(status().is(200), bodyLength().saveAs(WorkloadCounts.BYTES)))
                .exec(counts::photo);
    }

    private static ChainBuilder think() {
        return pause(Mix.THINK_MIN, Mix.THINK_MAX);
    }

    private static boolean chance(double probability) {
        return ThreadLocalRandom.current().nextDouble() < probability;
    }

    private static List<String> pick(List<Object> from, int count) {
        List<String> shuffled = new ArrayList<>(from.stream().map(String::valueOf).toList());
        Collections.shuffle(shuffled, ThreadLocalRandom.current());
        return List.copyOf(shuffled.subList(0, Math.min(count, shuffled.size())));
    }

    private String searchTerm() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextBoolean()) {
            return "#" + hashtags.get(random.nextInt(hashtags.size()));
        }
        String username = users.profileToView().username();
        return username.substring(0, Math.min(3, username.length()));
    }

    private static long resourceSize(String name) {
        try (InputStream in = Journeys.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return in.readAllBytes().length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
