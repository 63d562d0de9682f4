// Posts shared between screens: the cached lists (home feed, grids), and changes to one post
// (a like, a new comment, a deletion) reaching every list and page that shows it.
import type { Page } from '../api/client';
import type { Status } from '../api/entities';
import { api, toast } from '../app/services';
import { messageOf, PagedList } from '../lib/paged';

const lists = new Map<string, PagedList<Status>>();
const listeners = new Set<(status: Status) => void>();
const removedListeners = new Set<(id: string) => void>();

/** The list under `key`, made on first use and kept (so going back finds it as it was). */
export function statusList(key: string, first: () => Promise<Page<Status>>): PagedList<Status> {
  let list = lists.get(key);
  if (!list) {
    list = new PagedList<Status>(first, (url) => api.page<Status>(url));
    lists.set(key, list);
  }
  return list;
}

export const PAGE_SIZE = 20;

/** The home feed's list (the screen, posting and the live updates all add to it). */
export function homeTimeline(): PagedList<Status> {
  return statusList('home', () => api.timelines.home({ limit: PAGE_SIZE }));
}

export function forgetLists(): void {
  lists.clear();
}

export function onStatusChange(listener: (status: Status) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function onStatusRemoved(listener: (id: string) => void): () => void {
  removedListeners.add(listener);
  return () => removedListeners.delete(listener);
}

export function publishStatus(status: Status): void {
  for (const list of lists.values()) list.update(status);
  for (const listener of listeners) listener(status);
}

export function publishRemoved(id: string): void {
  for (const list of lists.values()) list.remove(id);
  for (const listener of removedListeners) listener(id);
}

/** Likes or unlikes at once on screen, then settles on what the server says (or undoes). */
export async function setLiked(status: Status, liked: boolean): Promise<void> {
  if (Boolean(status.favourited) === liked) return;
  publishStatus({ ...status, favourited: liked, favourites_count: Math.max(0, status.favourites_count + (liked ? 1 : -1)) });
  try {
    publishStatus(await (liked ? api.statuses.favourite(status.id) : api.statuses.unfavourite(status.id)));
  } catch (error) {
    publishStatus(status);
    toast(`${liked ? 'Could not like the post' : 'Could not remove the like'}: ${messageOf(error)}`);
  }
}
