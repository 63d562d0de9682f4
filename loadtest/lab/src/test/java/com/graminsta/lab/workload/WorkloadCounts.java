package com.graminsta.lab.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

import io.gatling.javaapi.core.Session;

/**
 * What the workload counts itself, because Gatling's report does not: sessions begun and ended,
 * and the photo bytes received by who served them: the API's origin (the instances, directly or
 * through the load balancer) or anywhere else (the media edge from stage 5). Photo bytes are
 * counted at the client because that is the one place that sees every stage alike; a photo a
 * session had in its HTTP cache was not fetched and counts nowhere, as in a real client.
 */
public final class WorkloadCounts {

    static final String BYTES = "photoBytes";
    static final String URL = "photo";

    private final String apiOrigin;
    private final LongAdder sessionsBegun = new LongAdder();
    private final LongAdder sessionsEnded = new LongAdder();
    private final LongAdder apiBytes = new LongAdder();
    private final LongAdder apiRequests = new LongAdder();
    private final LongAdder otherBytes = new LongAdder();
    private final LongAdder otherRequests = new LongAdder();

    public WorkloadCounts(String apiUrl) {
        this.apiOrigin = apiUrl + "/";
    }

    Session sessionBegun(Session session) {
        sessionsBegun.increment();
        return session;
    }

    Session sessionEnded(Session session) {
        sessionsEnded.increment();
        return session;
    }

    /** Adds the photo just fetched (if it was fetched, not taken from the cache) and forgets it. */
    Session photo(Session session) {
        if (!session.contains(BYTES)) {
            return session;
        }
        long bytes = session.getLong(BYTES);
        if (session.getString(URL).startsWith(apiOrigin)) {
            apiBytes.add(bytes);
            apiRequests.increment();
        } else {
            otherBytes.add(bytes);
            otherRequests.increment();
        }
        return session.remove(BYTES);
    }

    public void write(Path file) {
        String json = """
                {"sessions_begun": %d, "sessions_ended": %d,
                 "api_image_bytes": %d, "api_image_requests": %d, "other_image_bytes": %d, "other_image_requests": %d}
                """.formatted(sessionsBegun.sum(), sessionsEnded.sum(),
                apiBytes.sum(), apiRequests.sum(), otherBytes.sum(), otherRequests.sum());
        try {
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
