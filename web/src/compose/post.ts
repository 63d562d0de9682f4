// What the new-post screen sends as POST /api/v1/statuses, once the photos are uploaded.
import type { NewStatus, Visibility } from '../api/client';

/** The server's limits (StatusRules.TEXT_MAX, SPOILER_TEXT_MAX), in Unicode code points. */
export const CAPTION_MAX = 2200;
export const CONTENT_WARNING_MAX = 500;

export interface PostForm {
  caption: string;
  mediaIds: string[];
  visibility: Visibility;
  /** "Mark as sensitive": the photos are shown blurred until revealed. */
  sensitive: boolean;
  /** Shown instead of the post until revealed; optional. */
  contentWarning: string;
}

export function newStatus(form: PostForm): NewStatus {
  const warning = form.contentWarning.trim();
  if ([...warning].length > CONTENT_WARNING_MAX) {
    throw new RangeError(`The content warning is too long (at most ${CONTENT_WARNING_MAX} characters).`);
  }
  return {
    status: form.caption.trim(),
    media_ids: form.mediaIds,
    visibility: form.visibility,
    // A warning hides the photos too: a post behind a warning is sensitive by definition.
    ...(form.sensitive || warning ? { sensitive: true } : {}),
    ...(warning ? { spoiler_text: warning } : {}),
  };
}
