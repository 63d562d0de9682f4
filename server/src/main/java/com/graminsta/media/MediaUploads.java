package com.graminsta.media;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.graminsta.platform.images.ImageFormat;
import com.graminsta.platform.images.ImageHeader;
import com.graminsta.platform.images.ImageProcessor;
import com.graminsta.platform.images.InvalidImageException;
import com.graminsta.platform.jobs.Jobs;
import com.graminsta.platform.storage.MediaStore;
import com.graminsta.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;

/**
 * Accepting uploads. Only the cheap checks happen here, on the request: the real format from
 * the first bytes, agreement with the declared type and name, a structure that reaches its end
 * (not truncated) and the pixel count from the header. Nothing is decoded; that is the job's.
 */
@Service
class MediaUploads {

    private static final Logger log = LoggerFactory.getLogger(MediaUploads.class);

    private final Attachments attachments;
    private final MediaStore store;
    private final Jobs jobs;
    private final ImageProcessor processor;
    private final TransactionTemplate transactions;

    MediaUploads(Attachments attachments, MediaStore store, Jobs jobs, ImageProcessor processor,
                 TransactionTemplate transactions) {
        this.attachments = attachments;
        this.store = store;
        this.jobs = jobs;
        this.processor = processor;
        this.transactions = transactions;
    }

    Attachment upload(long accountId, MultipartFile file, String description, String focus) {
        String text = MediaRules.description(description);
        MediaRules.Focus point = MediaRules.focus(focus);
        if (file == null || file.isEmpty()) {
            throw ApiException.unprocessable("Validation failed: File can't be blank");
        }
        if (file.getSize() > MediaRules.MAX_BYTES) {
            throw ApiException.unprocessable("Validation failed: File must be at most " + MediaRules.MAX_BYTES / (1024 * 1024) + " MB");
        }
        byte[] bytes = read(file);
        ImageHeader header = ImageHeader.read(bytes);
        requireDeclaredAs(header.format(), file.getContentType(), file.getOriginalFilename());
        if (!processor.formats().contains(header.format())) {
            throw new InvalidImageException(header.format().displayName() + " images are not accepted here; upload a JPEG, PNG, WebP or GIF image");
        }
        header.requireAtMostPixels(MediaRules.MAX_PIXELS);

        String originalKey = MediaKeys.newOriginalKey(header.format());
        store.put(originalKey, bytes, header.format().mimeType());
        try {
            long id = transactions.execute(status -> {
                long created = attachments.insert(accountId, originalKey, MediaKeys.newVariantsKey(), text, point);
                jobs.enqueue(MediaProcessing.TYPE, new MediaProcessing.Payload(created));
                return created;
            });
            return attachments.find(id).orElseThrow();
        } catch (RuntimeException e) {
            forget(originalKey, e);
            throw e;
        }
    }

    /** Deletes an original whose row was not saved; if the store fails too, the first failure is the one to report. */
    private void forget(String originalKey, RuntimeException failure) {
        try {
            store.delete(originalKey);
        } catch (RuntimeException e) {
            log.warn("Could not delete {}, stored for an upload that was not saved", originalKey, e);
            failure.addSuppressed(e);
        }
    }

    /** Applies a new description or focus to the caller's own upload. */
    Attachment update(long accountId, long id, String description, String focus) {
        String text = MediaRules.description(description);
        MediaRules.Focus point = MediaRules.focus(focus);
        if (!attachments.update(id, accountId, text, point)) {
            throw ApiException.notFound();
        }
        return attachments.find(id).orElseThrow(ApiException::notFound);
    }

    /**
     * A file named photo.jpg or sent as image/jpeg must be a JPEG: a mismatch is how disguised
     * files travel. Generic types (application/octet-stream) and unknown extensions say nothing.
     */
    private static void requireDeclaredAs(ImageFormat actual, String contentType, String fileName) {
        ImageFormat.byMimeType(contentType).filter(declared -> declared != actual).ifPresent(declared -> {
            throw new InvalidImageException("The file is a " + actual.displayName() + " image but was sent as " + contentType);
        });
        ImageFormat.byFileName(fileName).filter(named -> named != actual).ifPresent(named -> {
            throw new InvalidImageException("The file is a " + actual.displayName() + " image but is named " + fileName);
        });
    }

    private static byte[] read(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
