package com.graminsta.media;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.graminsta.media.Attachment.State;
import com.graminsta.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Media as posts see it: see {@link MediaAttachments}. */
@Service
class PostMedia implements MediaAttachments {

    private final Attachments attachments;
    private final MediaViews views;
    private final MediaFileDeletion files;

    PostMedia(Attachments attachments, MediaViews views, MediaFileDeletion files) {
        this.attachments = attachments;
        this.views = views;
        this.files = files;
    }

    @Override
    @Transactional
    public void attach(long accountId, long statusId, List<Long> mediaIds) {
        if (mediaIds.isEmpty()) {
            return;
        }
        if (mediaIds.size() > MAX_PER_STATUS) {
            throw ApiException.unprocessable("Validation failed: A post can have at most " + MAX_PER_STATUS + " photos");
        }
        if (new HashSet<>(mediaIds).size() != mediaIds.size()) {
            throw ApiException.unprocessable("Validation failed: The same photo is attached more than once");
        }
        // Locked until the caller's transaction ends, so a concurrent post cannot take them too.
        Map<Long, Attachment> found = attachments.lockAll(mediaIds).stream()
                .collect(Collectors.toMap(Attachment::id, Function.identity()));
        for (long id : mediaIds) {
            Attachment attachment = found.get(id);
            if (attachment == null || attachment.accountId() != accountId) {
                throw ApiException.unprocessable("Validation failed: Media " + id + " was not found");
            }
            if (attachment.statusId() != null) {
                throw ApiException.unprocessable("Validation failed: Media " + id + " is already attached to a post");
            }
            if (attachment.state() == State.PROCESSING) {
                throw ApiException.unprocessable("Cannot attach files that have not finished processing. Try again in a moment!");
            }
            if (attachment.state() == State.FAILED) {
                throw ApiException.unprocessable("Validation failed: Media " + id + " could not be processed");
            }
        }
        for (int position = 0; position < mediaIds.size(); position++) {
            attachments.attach(mediaIds.get(position), statusId, position);
        }
    }

    @Override
    @Transactional(readOnly = true)
    public Map<Long, List<MediaAttachmentJson>> forStatuses(Collection<Long> statusIds) {
        if (statusIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<MediaAttachmentJson>> rendered = new LinkedHashMap<>();
        attachments.forStatuses(statusIds).forEach((statusId, photos) -> {
            if (!photos.isEmpty()) {
                rendered.put(statusId, photos.stream().map(views::render).toList());
            }
        });
        return rendered;
    }

    @Override
    @Transactional
    public void deleteForStatus(long statusId) {
        files.deleteFilesOf(attachments.deleteForStatus(statusId));
    }
}
