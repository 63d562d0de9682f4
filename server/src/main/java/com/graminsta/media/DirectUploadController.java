package com.graminsta.media;

import com.graminsta.platform.ids.Ids;
import com.graminsta.platform.security.Caller;
import com.graminsta.platform.storage.PresignedUpload;
import com.graminsta.platform.web.Params;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Graminsta's direct uploads to object storage (docs/decisions/0009). Mastodon clients keep
 * using POST /api/v2/media, which works in every stage.
 */
@RestController
class DirectUploadController {

    private final DirectUploadService uploads;
    private final MediaViews views;
    private final UploadLimit limit;

    DirectUploadController(DirectUploadService uploads, MediaViews views, UploadLimit limit) {
        this.uploads = uploads;
        this.views = views;
        this.limit = limit;
    }

    record StartParams(String contentType, Long size, String description, String focus, String filename) {
    }

    @PostMapping(path = "/api/graminsta/v1/uploads", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:media')")
    DirectUploadJson start(@AuthenticationPrincipal Caller caller, @Params StartParams params) {
        long accountId = caller.account();
        limit.acquire(accountId);
        DirectUploadService.Started started = uploads.start(accountId, params.contentType(), params.size(),
                params.description(), params.focus(), params.filename());
        PresignedUpload upload = started.upload();
        return new DirectUploadJson(Long.toString(started.id()), upload.url().toString(), "PUT", upload.headers(),
                upload.expiresAt());
    }

    @PostMapping(path = "/api/graminsta/v1/uploads/{id}/complete", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_write:media')")
    ResponseEntity<MediaAttachmentJson> complete(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long accountId = caller.account();
        Attachment attachment = uploads.complete(accountId, Ids.parse(id));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(views.render(attachment));
    }
}
