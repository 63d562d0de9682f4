package com.graminsta.media;

import java.time.Duration;

import com.graminsta.media.Attachment.State;
import com.graminsta.platform.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * Waits, within the configured bound, for an upload's processing to end. It reads the row again
 * and again rather than listening to the job: the job may run on another instance (a worker tier),
 * and the row is where every instance records the outcome. Pauses grow from 50 to 500 ms, so a
 * photo processed in a few hundred milliseconds costs a handful of small queries. No connection
 * is held between reads, and the request thread is virtual, so a waiting upload holds nothing
 * scarce but its socket.
 */
@Component
class ProcessingWait {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(500);

    private final Attachments attachments;
    private final Duration limit;

    ProcessingWait(Attachments attachments, ProcessingWaitSettings settings) {
        this.attachments = attachments;
        this.limit = settings.processingWait();
    }

    /** The attachment once ready or failed, or as it stands when the wait is over. */
    Attachment untilProcessed(Attachment attachment) {
        long deadline = System.nanoTime() + limit.toNanos();
        Duration pause = FIRST_PAUSE;
        Attachment current = attachment;
        while (current.state() == State.PROCESSING) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !sleep(Duration.ofNanos(Math.min(left, pause.toNanos())))) {
                return current;
            }
            current = attachments.find(current.id()).orElseThrow(ApiException::notFound);
            pause = min(pause.multipliedBy(2), LONGEST_PAUSE);
        }
        return current;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** False when interrupted (the server is stopping): the caller then answers with what it has. */
    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
