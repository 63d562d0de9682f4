// Sensitive posts (Mastodon's `sensitive` and `spoiler_text`): their photos stay behind the
// blurhash, and a content warning's caption behind the warning, until the person asks to see them.
// The real image is not even requested before then.
import type { Status } from '../api/entities';
import { Store, useStore } from '../lib/store';

/** The posts revealed during this visit, so that a post revealed in the feed stays so on its page. */
export const revealedPosts = new Store<ReadonlySet<string>>(new Set());

export interface Concealment {
  /** The photos are drawn from their blurhash only. */
  photos: boolean;
  /** The caption is hidden: a content warning covers the text too, as in Mastodon. */
  text: boolean;
  /** What to show instead: the author's warning, or a generic one. */
  warning: string;
}

export const GENERIC_WARNING = 'Sensitive content';

export function hasWarning(status: Pick<Status, 'sensitive' | 'spoiler_text'>): boolean {
  return Boolean(status.sensitive) || (status.spoiler_text ?? '').trim() !== '';
}

export function concealment(
  status: Pick<Status, 'id' | 'sensitive' | 'spoiler_text' | 'media_attachments'>,
  revealed: ReadonlySet<string>,
): Concealment {
  const spoiler = (status.spoiler_text ?? '').trim();
  const hidden = hasWarning(status) && !revealed.has(status.id);
  return {
    photos: hidden && status.media_attachments.length > 0,
    text: hidden && spoiler !== '',
    warning: spoiler || GENERIC_WARNING,
  };
}

export function reveal(statusId: string): void {
  const revealed = revealedPosts.get();
  if (!revealed.has(statusId)) revealedPosts.set(new Set([...revealed, statusId]));
}

export function useConcealment(status: Status): Concealment {
  return concealment(status, useStore(revealedPosts));
}
