package com.graminsta.media;

import java.util.List;
import java.util.OptionalLong;

import com.graminsta.media.Attachment.StoredVariant;
import com.graminsta.platform.images.ImageHeader;
import com.graminsta.platform.images.ImageProcessor;
import com.graminsta.platform.images.InvalidImageException;
import com.graminsta.platform.images.Variants;
import com.graminsta.platform.jobs.JobHandler;
import com.graminsta.platform.jobs.JobType;
import com.graminsta.platform.jobs.Jobs;
import com.graminsta.platform.storage.MediaNotFoundException;
import com.graminsta.platform.storage.MediaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes the preview of photos processed before previews existed, from their feed variant (the
 * original is long gone). One job does one page of photos in id order, then enqueues the next
 * page after the last id it saw, so the work survives restarts and crashes: a page run twice
 * finds its photos done and skips them, and a preview written twice lands on the same key. The
 * first job is enqueued by the migration that introduced previews (V10).
 */
@Component
class PreviewBackfill implements JobHandler<PreviewBackfill.Payload> {

    static final JobType<Payload> TYPE = JobType.of("media.backfill-previews", Payload.class);
    static final int PAGE = 50;

    private static final Logger log = LoggerFactory.getLogger(PreviewBackfill.class);

    /** @param afterId the last photo the previous page looked at; 0 to start */
    record Payload(long afterId) {
    }

    private final Attachments attachments;
    private final MediaStore store;
    private final ImageProcessor processor;
    private final Jobs jobs;

    PreviewBackfill(Attachments attachments, MediaStore store, ImageProcessor processor, Jobs jobs) {
        this.attachments = attachments;
        this.store = store;
        this.processor = processor;
        this.jobs = jobs;
    }

    @Override
    public JobType<Payload> type() {
        return TYPE;
    }

    @Override
    public void handle(Payload payload) {
        backfillPage(payload.afterId(), PAGE).ifPresentOrElse(
                last -> jobs.enqueue(TYPE, new Payload(last)),
                () -> log.info("Every photo has its preview"));
    }

    /** Makes the previews of one page; the last id when the page was full (there may be more), empty when done. */
    OptionalLong backfillPage(long afterId, int size) {
        List<Attachment> page = attachments.withoutPreviewAfter(afterId, size);
        page.forEach(this::makePreview);
        return page.size() < size ? OptionalLong.empty() : OptionalLong.of(page.getLast().id());
    }

    private void makePreview(Attachment attachment) {
        String key = MediaKeys.variant(attachment.variantsKey(), "preview");
        Variants.Variant preview;
        try {
            byte[] feed = store.read(attachment.variants().feed().key());
            preview = processor.withinPixels(feed, ImageHeader.read(feed), MediaRules.PREVIEW_PIXELS, MediaRules.JPEG_QUALITY);
        } catch (MediaNotFoundException | InvalidImageException e) {
            // Deleted meanwhile, or a file we made that no longer reads: it keeps the 640 stand-in.
            log.warn("No preview for photo {}: {}", attachment.id(), e.getMessage());
            return;
        }
        store.put(key, preview.jpeg(), "image/jpeg");
        if (!attachments.addPreview(attachment.id(), new StoredVariant(key, preview.width(), preview.height()))
                && attachments.find(attachment.id()).isEmpty()) {
            // Deleted while its preview was being made: the file belongs to nothing.
            store.delete(key);
        }
    }
}
