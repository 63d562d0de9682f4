import { useEffect, useMemo } from 'preact/hooks';
import type { Notification } from '../api/entities';
import { Link } from '../app/router';
import { paths } from '../app/routes';
import { api, session, toast } from '../app/services';
import { parseContent, toPlainText } from '../lib/content';
import { messageOf, PagedList } from '../lib/paged';
import { useStore, useSubscription } from '../lib/store';
import { LoadMore } from '../ui/LoadMore';
import { Avatar, PageTitle, Time } from '../ui/misc';
import { Photo } from '../ui/Photo';
import { concealment, revealedPosts } from '../post/sensitive';
import { markSeen, showingNotifications } from './unseen';

let notifications: PagedList<Notification> | null = null;

export function notificationList(): PagedList<Notification> {
  return (notifications ??= new PagedList<Notification>(
    () => api.notifications.list({ limit: 30 }),
    (url) => api.page<Notification>(url),
  ));
}

export function forgetNotifications(): void {
  notifications = null;
}

/** A comment behind a content warning is named by its warning, not quoted. */
function excerpt(html: string, spoilerText = ''): string {
  if (spoilerText.trim()) return `(content warning: ${spoilerText.trim()})`;
  const text = toPlainText(parseContent(html));
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function describe(notification: Notification): string {
  const status = notification.status;
  switch (notification.type) {
    case 'favourite':
      return status?.in_reply_to_id ? 'liked your comment.' : 'liked your post.';
    case 'mention':
    case 'reply':
      return status?.in_reply_to_id ? `commented: ${excerpt(status.content, status.spoiler_text)}` : `mentioned you: ${excerpt(status?.content ?? '', status?.spoiler_text)}`;
    case 'follow':
      return 'started following you.';
    case 'follow_request':
      return 'asked to follow you.';
    case 'status':
      return 'shared a new post.';
    default:
      return 'did something.';
  }
}

/** Where a notification leads: the post it is about (a comment's post), or the person. */
function target(notification: Notification, myAcct: string): string {
  const status = notification.status;
  if (!status) return notification.type === 'follow_request' ? '/follow-requests' : paths.profile(notification.account.acct);
  if (status.in_reply_to_id && status.media_attachments.length === 0) {
    return paths.post(status.in_reply_to_account_id === notification.account.id ? status.account.acct : myAcct, status.in_reply_to_id);
  }
  return paths.post(status.account.acct, status.id);
}

export function Notifications() {
  const list = useMemo(notificationList, []);
  const state = useSubscription(list, () => list.state);
  const sessionState = useStore(session.state);
  const me = sessionState.status === 'signedIn' ? sessionState.account : null;
  const requests = me?.source?.follow_requests_count ?? 0;
  const revealed = useStore(revealedPosts);

  // Seen once shown: the badge empties and the marker moves to the newest one listed.
  const seen = () => markSeen(list.state.items[0]?.id);

  useEffect(() => {
    void (list.state.loaded ? list.refresh() : list.load()).then(seen);
    void session.refreshAccount().catch(() => {});
  }, [list]);

  // While open, what arrives live is listed at the top (and so seen) instead of counted.
  useEffect(
    () =>
      showingNotifications({
        received: (notification) => {
          list.prepend(notification);
          void seen();
        },
        missed: () => void list.refresh().then(seen),
      }),
    [list],
  );

  const clear = async () => {
    if (!confirm('Clear all notifications?')) return;
    try {
      await api.notifications.clear();
      await list.refresh();
    } catch (error) {
      toast(`Could not clear the notifications: ${messageOf(error)}`);
    }
  };

  return (
    <div class="notifications">
      <div class="page-head">
        <PageTitle>Notifications</PageTitle>
        {state.items.length > 0 && (
          <button type="button" class="link-button" onClick={() => void clear()}>
            Clear all
          </button>
        )}
      </div>
      {(requests > 0 || me?.locked) && (
        <Link href="/follow-requests" class="follow-requests-link">
          Follow requests{requests > 0 ? ` (${requests})` : ''}
        </Link>
      )}
      {state.loaded && state.items.length === 0 && <p class="muted empty">No notifications yet.</p>}
      <ul class="notification-list">
        {state.items.map((notification) => {
          const media = notification.status?.media_attachments[0];
          return (
            <li key={notification.id} class={`notification type-${notification.type}`}>
              <Link href={paths.profile(notification.account.acct)} tabIndex={-1} aria-hidden="true">
                <Avatar account={notification.account} size={44} />
              </Link>
              <Link href={target(notification, me?.acct ?? '')} class="notification-text">
                <strong>{notification.account.acct}</strong> {describe(notification)} <Time iso={notification.created_at} />
              </Link>
              {media && (
                <span class="notification-thumb" aria-hidden="true">
                  <Photo media={media} alt="" aspect={1} thumbnail concealed={concealment(notification.status!, revealed).photos} />
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <LoadMore list={list} />
    </div>
  );
}
