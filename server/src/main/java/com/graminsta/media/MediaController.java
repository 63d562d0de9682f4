package com.graminsta.media;

import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.security.Caller;
import com.graminsta.platform.web.ApiException;
import com.graminsta.platform.web.Params;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Uploading photos and following their processing, as Mastodon clients do: 202 on upload, then
 * 206 from GET while processing, 200 once the URLs are there, 422 with the reason if it failed.
 * The older {@code POST /api/v1/media}, which many clients still call, waits for the processing
 * (within a bound) and answers as GET does, or 202 once the wait is over. Only the uploader sees
 * an upload; for anyone else it does not exist.
 */
@RestController
class MediaController {

    private final MediaUploads uploads;
    private final Attachments attachments;
    private final MediaViews views;
    private final ProcessingWait processing;
    private final UploadLimit limit;

    MediaController(MediaUploads uploads, Attachments attachments, MediaViews views, ProcessingWait processing,
                    UploadLimit limit) {
        this.uploads = uploads;
        this.limit = limit;
        this.attachments = attachments;
        this.views = views;
        this.processing = processing;
    }

    record MediaParams(String description, String focus) {
    }

    @PostMapping(path = "/api/v2/media", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:media')")
    ResponseEntity<MediaAttachmentJson> upload(@AuthenticationPrincipal Caller caller, @Params MediaParams params,
                                               @RequestParam(required = false) MultipartFile file) {
        long accountId = caller.account();
        limit.acquire(accountId);
        Attachment attachment = uploads.upload(accountId, file, params.description(), params.focus());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(views.render(attachment));
    }

    @PostMapping(path = "/api/v1/media", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:media')")
    ResponseEntity<MediaAttachmentJson> uploadAndWait(@AuthenticationPrincipal Caller caller, @Params MediaParams params,
                                                      @RequestParam(required = false) MultipartFile file) {
        long accountId = caller.account();
        limit.acquire(accountId);
        Attachment attachment = processing.untilProcessed(uploads.upload(accountId, file, params.description(), params.focus()));
        if (attachment.state() == Attachment.State.PROCESSING) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(views.render(attachment));
        }
        return respond(attachment);
    }

    @GetMapping(path = "/api/v1/media/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:media')")
    ResponseEntity<MediaAttachmentJson> get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long accountId = caller.account();
        return respond(attachments.findOwn(Ids.parse(id), accountId).orElseThrow(ApiException::notFound));
    }

    @PutMapping(path = "/api/v1/media/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:media')")
    ResponseEntity<MediaAttachmentJson> update(@AuthenticationPrincipal Caller caller, @PathVariable String id,
                                               @Params MediaParams params) {
        long accountId = caller.account();
        return respond(uploads.update(accountId, Ids.parse(id), params.description(), params.focus()));
    }

    private ResponseEntity<MediaAttachmentJson> respond(Attachment attachment) {
        return switch (attachment.state()) {
            case PROCESSING -> ResponseEntity.status(HttpStatus.PARTIAL_CONTENT).body(views.render(attachment));
            case READY -> ResponseEntity.ok(views.render(attachment));
            case FAILED -> throw ApiException.unprocessable(attachment.failure());
        };
    }
}
