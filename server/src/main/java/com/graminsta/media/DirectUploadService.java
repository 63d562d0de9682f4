package com.graminsta.media;

import java.util.OptionalLong;

import com.graminsta.platform.images.ImageFormat;
import com.graminsta.platform.jobs.Jobs;
import com.graminsta.platform.storage.DirectUploadUrls;
import com.graminsta.platform.storage.MediaStore;
import com.graminsta.platform.storage.PresignedUpload;
import com.graminsta.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Uploads that go straight to object storage (docs/decisions/0009): the client asks for a
 * presigned URL, PUTs the file there, then completes the upload, which turns the stored object
 * into an attachment's original and starts the same processing job as POST /api/v2/media. No image
 * byte crosses the API; the job reads the object and checks it as it checks any upload.
 */
@Service
class DirectUploadService {

    private final DirectUploadUrls urls;
    private final DirectUploads uploads;
    private final Attachments attachments;
    private final MediaStore store;
    private final Jobs jobs;
    private final TransactionTemplate transactions;

    DirectUploadService(DirectUploadUrls urls, DirectUploads uploads, Attachments attachments, MediaStore store,
                        Jobs jobs, TransactionTemplate transactions) {
        this.urls = urls;
        this.uploads = uploads;
        this.attachments = attachments;
        this.store = store;
        this.jobs = jobs;
        this.transactions = transactions;
    }

    record Started(long id, PresignedUpload upload) {
    }

    /** Checks what the client means to upload and hands out a URL that takes exactly that. */
    Started start(long accountId, String contentType, Long size, String description, String focus, String filename) {
        requireEnabled();
        ImageFormat format = MediaRules.directUploadFormat(contentType);
        // As POST /api/v2/media refuses a photo.png sent as image/jpeg: disguised files travel so.
        ImageFormat.byFileName(filename).filter(named -> named != format).ifPresent(named -> {
            throw ApiException.unprocessable("Validation failed: The file is named " + filename + " but declared as "
                    + format.mimeType());
        });
        long bytes = MediaRules.directUploadSize(size);
        String text = MediaRules.description(description);
        MediaRules.Focus point = MediaRules.focus(focus);

        String key = MediaKeys.newOriginalKey(format);
        PresignedUpload upload = urls.presignPut(key, format.mimeType(), bytes, MediaRules.DIRECT_UPLOAD_VALIDITY);
        long id = uploads.insert(accountId, key, format.mimeType(), bytes, text, point);
        return new Started(id, upload);
    }

    /**
     * Makes the uploaded object an attachment and starts processing it; completing again gives
     * the same attachment. The object is looked up before the transaction, so no database
     * connection waits on the store.
     */
    Attachment complete(long accountId, long id) {
        requireEnabled();
        DirectUpload upload = uploads.findOwn(id, accountId).orElseThrow(ApiException::notFound);
        if (upload.mediaId() == null) {
            requireUploaded(upload);
        }
        long mediaId = transactions.execute(status -> {
            DirectUpload current = uploads.lock(id).orElseThrow(ApiException::notFound);
            if (current.mediaId() != null) {
                return current.mediaId();
            }
            long created = attachments.insert(accountId, current.objectKey(), MediaKeys.newVariantsKey(),
                    current.description(), current.focus());
            uploads.completed(id, created);
            jobs.enqueue(MediaProcessing.TYPE, new MediaProcessing.Payload(created));
            return created;
        });
        // The attachment is gone if it was never posted and was swept, or its post was deleted.
        return attachments.findOwn(mediaId, accountId).orElseThrow(ApiException::notFound);
    }

    private void requireUploaded(DirectUpload upload) {
        OptionalLong stored = store.size(upload.objectKey());
        if (stored.isEmpty()) {
            throw ApiException.unprocessable("The file has not been uploaded; PUT it to the upload's url first");
        }
        // The size is signed into the URL, so only a store that ignores signatures gets this far.
        if (stored.getAsLong() != upload.size()) {
            throw ApiException.unprocessable("The uploaded file is " + stored.getAsLong() + " bytes, not the "
                    + upload.size() + " declared");
        }
    }

    private void requireEnabled() {
        if (!urls.enabled()) {
            throw ApiException.unprocessable("Direct uploads are not enabled on this server; use POST /api/v2/media");
        }
    }
}
