package com.graminsta.feed;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.ApiException;
import com.graminsta.platform.web.Params;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Markers, as Mastodon keeps them: where the account last read its home timeline and its
 * notifications, so that another of its apps resumes there. Only the timelines asked for are
 * answered, and only those with a marker; other timeline names are ignored, as Mastodon does.
 */
@RestController
class MarkerController {

    static final List<String> TIMELINES = List.of("home", "notifications");

    private final Markers markers;

    MarkerController(Markers markers) {
        this.markers = markers;
    }

    record MarkerJson(String lastReadId, int version, Instant updatedAt) {

        static MarkerJson of(Markers.Marker marker) {
            return new MarkerJson(Long.toString(marker.lastReadId()), marker.version(),
                    marker.updatedAt().truncatedTo(ChronoUnit.MILLIS));
        }
    }

    record Position(String lastReadId) {
    }

    record MarkerUpdate(Position home, Position notifications) {
    }

    @GetMapping(path = "/api/v1/markers", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_read:statuses')")
    Map<String, MarkerJson> markers(@AuthenticationPrincipal Caller caller,
                                    @RequestParam(name = "timeline[]", required = false) List<String> timelines,
                                    @RequestParam(name = "timeline", required = false) List<String> timeline) {
        long accountId = caller.account();
        List<String> asked = new ArrayList<>();
        for (List<String> names : Arrays.asList(timelines, timeline)) {
            if (names != null) {
                names.stream().filter(TIMELINES::contains).filter(name -> !asked.contains(name)).forEach(asked::add);
            }
        }
        Map<String, MarkerJson> answer = new LinkedHashMap<>();
        markers.find(accountId, asked).forEach(marker -> answer.put(marker.timeline(), MarkerJson.of(marker)));
        return answer;
    }

    @PostMapping(path = "/api/v1/markers", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:statuses')")
    @Transactional
    Map<String, MarkerJson> save(@AuthenticationPrincipal Caller caller, @Params MarkerUpdate update) {
        long accountId = caller.account();
        Long home = update.home() == null ? null : lastReadId(update.home());
        Long notifications = update.notifications() == null ? null : lastReadId(update.notifications());
        Map<String, MarkerJson> answer = new LinkedHashMap<>();
        if (home != null) {
            answer.put("home", MarkerJson.of(markers.save(accountId, "home", home)));
        }
        if (notifications != null) {
            answer.put("notifications", MarkerJson.of(markers.save(accountId, "notifications", notifications)));
        }
        return answer;
    }

    /** Mastodon requires the id; here an id is a number, as every id Graminsta hands out is. */
    private static long lastReadId(Position position) {
        String id = position.lastReadId();
        if (id == null || id.isBlank()) {
            throw ApiException.unprocessable("Validation failed: Last read can't be blank");
        }
        try {
            long value = Long.parseLong(id.strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.unprocessable("Validation failed: Last read is not an id");
        }
    }
}
