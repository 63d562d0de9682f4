package com.graminsta.media;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long {@code POST /api/v1/media} waits for an upload to be processed before it answers 202,
 * as v2 does at once ({@code GRAMINSTA_MEDIA_PROCESSINGWAIT}).
 *
 * @param processingWait at most {@link #MAX}: the request holds its connection meanwhile, and a
 *                       load balancer or client timeout much past half a minute is rare
 */
@ConfigurationProperties("graminsta.media")
record ProcessingWaitSettings(@DefaultValue("10s") Duration processingWait) {

    static final Duration MAX = Duration.ofSeconds(30);

    ProcessingWaitSettings {
        if (processingWait.isNegative() || processingWait.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("graminsta.media.processing-wait (GRAMINSTA_MEDIA_PROCESSINGWAIT) must be "
                    + "between 0s and " + MAX.toSeconds() + "s, not " + processingWait.toMillis() + "ms");
        }
    }
}
