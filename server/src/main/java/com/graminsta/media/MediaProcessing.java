package com.graminsta.media;

import com.graminsta.media.Attachment.State;
import com.graminsta.media.Attachment.StoredVariant;
import com.graminsta.media.Attachment.StoredVariants;
import com.graminsta.platform.Roles;
import com.graminsta.platform.images.ImageFormat;
import com.graminsta.platform.images.ImageHeader;
import com.graminsta.platform.images.ImageProcessor;
import com.graminsta.platform.images.InvalidImageException;
import com.graminsta.platform.images.Variants;
import com.graminsta.platform.jobs.JobHandler;
import com.graminsta.platform.jobs.JobType;
import com.graminsta.platform.jobs.WorkerSettings;
import com.graminsta.platform.storage.MediaNotFoundException;
import com.graminsta.platform.storage.MediaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The processing job: reads the stored original, checks it again, makes the variants and
 * records them. Safe to run twice: the variant keys are fixed per upload (a second run
 * overwrites the same files), and only an upload still processing is changed. The
 * original, which still carries the uploader's metadata, is deleted once the upload is done.
 */
@Component
class MediaProcessing implements JobHandler<MediaProcessing.Payload> {

    static final JobType<Payload> TYPE = JobType.of("media.process", Payload.class);

    private static final Logger log = LoggerFactory.getLogger(MediaProcessing.class);

    record Payload(long mediaId) {
    }

    private final Attachments attachments;
    private final MediaStore store;
    private final ImageProcessor processor;

    MediaProcessing(Attachments attachments, MediaStore store, ImageProcessor processor, WorkerSettings worker,
                    Roles roles) {
        this.attachments = attachments;
        this.store = store;
        this.processor = processor;
        if (worker.runsJobs(roles)) {
            // A worker that cannot process photos must not start and take their jobs.
            processor.requireAvailable();
        }
    }

    @Override
    public JobType<Payload> type() {
        return TYPE;
    }

    /** An image that crashes the worker should not take down several workers in turn. */
    @Override
    public int maxAttempts() {
        return 3;
    }

    @Override
    public void handle(Payload payload) {
        Attachment attachment = attachments.find(payload.mediaId()).orElse(null);
        if (attachment == null) {
            return;
        }
        if (attachment.state() != State.PROCESSING) {
            dropOriginal(attachment);
            return;
        }
        Variants variants;
        try {
            byte[] original = read(attachment.originalKey());
            ImageHeader header = ImageHeader.read(original).requireAtMostPixels(MediaRules.MAX_PIXELS);
            requireDeclaredFormat(attachment.originalKey(), header);
            variants = processor.process(original, header, MediaRules.VARIANTS.withFocus(attachment.focusX(), attachment.focusY()));
        } catch (InvalidImageException e) {
            log.info("Upload {} refused: {}", attachment.id(), e.getMessage());
            fail(attachment, e.getMessage());
            return;
        } catch (MediaNotFoundException e) {
            fail(attachment, "The upload was lost before it could be processed; please upload it again");
            return;
        }

        String key = attachment.variantsKey();
        StoredVariants stored = new StoredVariants(
                put(MediaKeys.variant(key, "feed"), variants.feed()),
                put(MediaKeys.variant(key, "small"), variants.small()),
                put(MediaKeys.variant(key, "preview"), variants.preview()),
                put(MediaKeys.variant(key, "thumb"), variants.thumb()));
        if (attachments.markReady(attachment.id(), variants.width(), variants.height(), variants.blurhash(), stored)) {
            dropOriginal(attachment);
        } else if (attachments.find(attachment.id()).isEmpty()) {
            // Deleted while it was being processed: what was just written belongs to nothing.
            MediaKeys.variants(key).forEach(store::delete);
        }
    }

    @Override
    public void giveUp(Payload payload, String lastError) {
        attachments.find(payload.mediaId()).ifPresent(attachment ->
                fail(attachment, "The photo could not be processed; please upload it again"));
    }

    private void fail(Attachment attachment, String reason) {
        if (attachments.markFailed(attachment.id(), reason)) {
            dropOriginal(attachment);
        }
    }

    private void dropOriginal(Attachment attachment) {
        if (attachment.originalKey() != null) {
            store.delete(attachment.originalKey());
            attachments.forgetOriginal(attachment.id());
        }
    }

    /**
     * The original's name carries the type it was declared as. A direct upload's bytes are first
     * seen here, so a file disguised as another type is refused here, as POST /api/v2/media
     * refuses it on the request; for multipart uploads the two always agree.
     */
    private void requireDeclaredFormat(String originalKey, ImageHeader header) {
        ImageFormat.byFileName(originalKey).filter(declared -> declared != header.format()).ifPresent(declared -> {
            throw new InvalidImageException("The file is a " + header.format().displayName() + " image but was sent as "
                    + declared.mimeType());
        });
        if (!processor.formats().contains(header.format())) {
            throw new InvalidImageException(header.format().displayName()
                    + " images are not accepted here; upload a JPEG, PNG, WebP or GIF image");
        }
    }

    private StoredVariant put(String key, Variants.Variant variant) {
        store.put(key, variant.jpeg(), "image/jpeg");
        return new StoredVariant(key, variant.width(), variant.height());
    }

    private byte[] read(String key) {
        if (key == null) {
            throw new MediaNotFoundException("(none)");
        }
        return store.read(key);
    }
}
