// Posts that arrived live for the home feed. They are held above the feed, behind the "new
// posts" button, rather than inserted: a post pushed in at the top moves everything under the
// reader's thumb. The reader's tap puts them at the top (showHeldPosts).
import type { Status } from '../api/entities';
import { api } from '../app/services';
import { Store } from '../lib/store';
import { mergeNewest, newestId } from '../live/merge';
import { homeTimeline } from './statuses';

export interface HeldPosts {
  /** Newest first, none of them in the feed when held. */
  posts: Status[];
  /**
   * More arrived while the socket was down than one catch-up page holds: showing them starts the
   * feed over from the newest, rather than leaving a hole between them and the feed.
   */
  gap: boolean;
}

/** The most a catch-up fetches; Mastodon's largest page. */
export const CATCH_UP_LIMIT = 40;

export const heldPosts = new Store<HeldPosts>({ posts: [], gap: false });

function shownIds(): Set<string> {
  return new Set(homeTimeline().state.items.map((status) => status.id));
}

/** A post the stream brought: held unless the feed already shows it (the reader's own, just posted). */
export function holdPost(status: Status): void {
  if (status.in_reply_to_id) return;
  const held = heldPosts.get();
  heldPosts.set({ ...held, posts: mergeNewest(held.posts, [status], shownIds()) });
}

/** A held post changed (its counts moved) or was deleted. */
export function updateHeld(status: Status): void {
  const held = heldPosts.get();
  if (held.posts.some((post) => post.id === status.id)) {
    heldPosts.set({ ...held, posts: held.posts.map((post) => (post.id === status.id ? status : post)) });
  }
}

export function dropHeld(id: string): void {
  const held = heldPosts.get();
  if (held.posts.some((post) => post.id === id)) {
    heldPosts.set({ ...held, posts: held.posts.filter((post) => post.id !== id) });
  }
}

/** How many held posts the feed does not show yet: the button's number. */
export function unshownCount(held: HeldPosts, shown: readonly Status[]): number {
  const ids = new Set(shown.map((status) => status.id));
  return held.posts.filter((post) => !ids.has(post.id)).length;
}

/**
 * Fetches the home posts newer than any the app has, after the socket (re)opened: what was posted
 * while it was down, or before it first opened. They are held like live ones; a post that also
 * came on the socket is held once.
 */
export async function catchUpHome(): Promise<void> {
  const list = homeTimeline();
  // Not loaded yet: its first page, when it comes, is the newest anyway.
  if (!list.state.loaded) return;
  const since = newestId(heldPosts.get().posts[0]?.id, ...list.state.items.map((status) => status.id));
  const page = await api.timelines.home({ since_id: since ?? undefined, limit: CATCH_UP_LIMIT });
  const held = heldPosts.get();
  heldPosts.set({
    posts: mergeNewest(held.posts, page.items, shownIds()),
    gap: held.gap || page.items.length >= CATCH_UP_LIMIT,
  });
}

/** The reader asked to see them: at the top of the feed, or the feed from the newest after a gap. */
export async function showHeldPosts(): Promise<void> {
  const held = heldPosts.get();
  forgetHeld();
  if (held.gap) {
    await homeTimeline().refresh();
  } else {
    homeTimeline().prependAll(held.posts);
  }
}

export function forgetHeld(): void {
  heldPosts.set({ posts: [], gap: false });
}
