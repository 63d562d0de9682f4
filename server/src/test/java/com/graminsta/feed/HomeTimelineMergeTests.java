package com.graminsta.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.graminsta.platform.web.Paging;
import com.graminsta.support.IntegrationTest;
import com.graminsta.support.TestUsers.TestUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The home timeline's second way of reading a page, the per-account merge, which the API uses
 * only when the newest posts of everyone hold too few followed ones: small test databases rarely
 * get there, so it is held here to the expected timeline for every page size and cursor.
 */
class HomeTimelineMergeTests extends IntegrationTest {

    private final HomeTimeline timeline;

    HomeTimelineMergeTests(@Autowired HomeTimeline timeline) {
        this.timeline = timeline;
    }

    @Test
    void mergingPerAccountGivesEveryPageOfTheTimeline() {
        TimelineSteps steps = new TimelineSteps(api());
        TestUser viewer = users().register();
        TestUser bob = users().register();
        TestUser carol = users().register();
        TestUser dave = users().register();
        TestUser stranger = users().register();
        steps.follow(viewer, bob);
        steps.follow(viewer, carol);
        steps.follow(viewer, dave);
        TestUser[] pattern = {bob, carol, carol, carol, carol, stranger, viewer, bob, dave, stranger, carol, bob,
                dave, dave, viewer};
        List<Long> newestFirst = new ArrayList<>();
        for (TestUser author : pattern) {
            long id = Long.parseLong(steps.post(author));
            if (author != stranger) {
                newestFirst.addFirst(id);
            }
        }
        long me = Long.parseLong(viewer.id());

        for (int limit = 1; limit <= newestFirst.size() + 1; limit++) {
            for (int at = 0; at < newestFirst.size(); at++) {
                String cursor = newestFirst.get(at).toString();
                String size = Integer.toString(limit);
                List<Long> below = newestFirst.subList(at + 1, Math.min(newestFirst.size(), at + 1 + limit));
                List<Long> justAbove = newestFirst.subList(Math.max(0, at - limit), at);
                List<Long> newestAbove = newestFirst.subList(0, Math.min(at, limit));

                assertThat(timeline.mergedPage(me, Paging.of(cursor, null, null, size, limit, limit)))
                        .as("max_id at %d, limit %d", at, limit).containsExactlyElementsOf(below);
                assertThat(timeline.mergedPage(me, Paging.of(null, null, cursor, size, limit, limit)))
                        .as("min_id at %d, limit %d", at, limit).containsExactlyElementsOf(justAbove);
                assertThat(timeline.mergedPage(me, Paging.of(null, cursor, null, size, limit, limit)))
                        .as("since_id at %d, limit %d", at, limit).containsExactlyElementsOf(newestAbove);
                assertThat(timeline.page(me, Paging.of(cursor, null, null, size, limit, limit)))
                        .as("both ways agree").containsExactlyElementsOf(below);
            }
        }
    }
}
