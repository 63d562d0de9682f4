// The app's live connection: one socket per signed-in tab, opened on sign-in and closed on
// sign-out, whose events go where they show (decision 0033). After each (re)opening, what the
// socket may have missed is fetched through the REST API; ids keep anything that came both ways
// from showing twice.
import type { SessionState } from '../auth/session';
import { api, session } from '../app/services';
import { dropHeld, catchUpHome, forgetHeld, holdPost, updateHeld } from '../feed/newPosts';
import { publishRemoved, publishStatus } from '../feed/statuses';
import { catchUpNotifications, forgetUnseen, noticeNotification } from '../notifications/unseen';
import { LiveConnection, userStreamUrl } from './connection';
import type { LiveEvent } from './events';

let connection: LiveConnection | null = null;
let streamUrl: Promise<string> | null = null;
const openedListeners = new Set<() => void>();

/**
 * The instance names the streaming origin (`configuration.urls.streaming`), which a deploy may put
 * on a host of its own. Asked once per page; a failure is asked again on the next attempt.
 */
function streamingUrl(): Promise<string> {
  streamUrl ??= api
    .instance()
    .then((instance) => userStreamUrl(instance.configuration?.urls?.streaming, api.baseUrl))
    .catch((error: unknown) => {
      streamUrl = null;
      throw error;
    });
  return streamUrl;
}

function received(event: LiveEvent): void {
  switch (event.type) {
    case 'update':
      holdPost(event.status);
      break;
    case 'status.update':
      publishStatus(event.status);
      updateHeld(event.status);
      break;
    case 'delete':
      publishRemoved(event.id);
      dropHeld(event.id);
      break;
    case 'notification':
      noticeNotification(event.notification);
      break;
  }
}

/**
 * Each opening, the first included, fetches what the stream cannot replay: what happened while it
 * was down, or between a screen's first load and the socket opening. Failures are left alone: the
 * feed and the badge stay as they were until the next opening.
 */
function opened(): void {
  void catchUpHome().catch(() => {});
  void catchUpNotifications().catch(() => {});
  for (const listener of openedListeners) listener();
}

/**
 * Once the page has loaded: the first feed page and its photos come first, and the catch-up on
 * opening fetches anything posted meanwhile.
 */
function afterPageLoad(run: () => void): void {
  if (document.readyState === 'complete') {
    setTimeout(run, 0);
  } else {
    window.addEventListener('load', () => setTimeout(run, 0), { once: true });
  }
}

function follow(state: SessionState): void {
  if (state.status === 'signedIn' && !connection) {
    const created = new LiveConnection({
      url: streamingUrl,
      token: () => session.accessToken,
      onEvent: received,
      onOpen: opened,
    });
    connection = created;
    afterPageLoad(() => {
      if (connection === created) created.start();
    });
  } else if (state.status === 'signedOut' && connection) {
    connection.stop();
    connection = null;
    forgetHeld();
    forgetUnseen();
  }
}

/** Keeps the connection in step with the session, for the life of the page. */
export function startLive(): void {
  session.state.subscribe(follow);
  follow(session.state.get());
  // Back online: no need to sit out the rest of a long back-off.
  window.addEventListener('online', () => connection?.retryNow());
}

/** Called each time the socket opens, for screens that show what the stream updates (an open post). */
export function onStreamOpened(listener: () => void): () => void {
  openedListeners.add(listener);
  return () => openedListeners.delete(listener);
}
