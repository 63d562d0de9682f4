// The badge on the notifications tab: how many notifications came since the person last looked.
// "Last looked" is the server's marker (GET/POST /api/v1/markers, as Mastodon keeps it), so a
// reload, another tab or another device agree on it. Notifications arrive live from the stream;
// after the socket (re)opens, the ones it missed are fetched. Counted by id: one that came both
// ways counts once.
import type { Notification } from '../api/entities';
import { api } from '../app/services';
import { Store } from '../lib/store';
import { compareIds, mergeNewest, newestId } from '../live/merge';

export interface Unseen {
  /** Ids of the notifications not seen yet, newest first. */
  ids: string[];
  /** More than one page of them: the badge says "40+". */
  more: boolean;
}

/** The most counted in one fetch. */
export const UNSEEN_LIMIT = 40;

export const unseenNotifications = new Store<Unseen>({ ids: [], more: false });

/** The newest notification the person has seen (the marker, or what this tab showed since). */
let lastRead: string | null = null;

/** The notifications screen while it is open: it takes what arrives instead of the badge. */
export interface NotificationsScreen {
  received(notification: Notification): void;
  /** The socket was down: the screen's list may lack some. */
  missed(): void;
}

let screen: NotificationsScreen | null = null;

function isUnread(id: string): boolean {
  return lastRead === null || compareIds(id, lastRead) > 0;
}

function count(ids: readonly string[], more = false): void {
  const current = unseenNotifications.get();
  const fresh = ids.filter(isUnread).map((id) => ({ id }));
  const merged = mergeNewest(current.ids.map((id) => ({ id })), fresh).map(({ id }) => id);
  unseenNotifications.set({ ids: merged.filter(isUnread), more: current.more || more });
}

/** The label the badge shows: "3", or "40+" past one page. */
export function badgeText(unseen: Unseen): string {
  return unseen.ids.length ? `${unseen.ids.length}${unseen.more ? '+' : ''}` : '';
}

/** A notification from the stream. */
export function noticeNotification(notification: Notification): void {
  if (screen) {
    screen.received(notification);
  } else {
    count([notification.id]);
  }
}

/** After the socket (re)opened: the marker, and whatever arrived after it. */
export async function catchUpNotifications(): Promise<void> {
  if (screen) {
    screen.missed();
    return;
  }
  const markers = await api.markers.get(['notifications']);
  lastRead = newestId(lastRead, markers.notifications?.last_read_id);
  const page = await api.notifications.list({ since_id: lastRead ?? undefined, limit: UNSEEN_LIMIT });
  count(
    page.items.map((notification) => notification.id),
    page.items.length >= UNSEEN_LIMIT,
  );
}

/** The notifications screen opened: it takes new ones until the returned function is called. */
export function showingNotifications(open: NotificationsScreen): () => void {
  screen = open;
  unseenNotifications.set({ ids: [], more: false });
  return () => {
    if (screen === open) screen = null;
  };
}

/** The person has seen everything up to `newest`: the badge empties, and the marker moves there. */
export async function markSeen(newest: string | undefined): Promise<void> {
  unseenNotifications.set({ ids: [], more: false });
  if (!newest || !isUnread(newest)) return;
  lastRead = newest;
  // A marker that failed to save only means the badge counts these again after a reload.
  await api.markers.save({ notifications: { last_read_id: newest } }).catch(() => {});
}

export function forgetUnseen(): void {
  lastRead = null;
  unseenNotifications.set({ ids: [], more: false });
}
