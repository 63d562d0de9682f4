import { useEffect, useRef, useState } from 'preact/hooks';
import type { Account, Relationship } from '../api/entities';
import { Link } from '../app/router';
import { paths } from '../app/routes';
import { api, session, toast } from '../app/services';
import { statusList } from '../feed/statuses';
import { messageOf } from '../lib/paged';
import { useStore, useSubscription } from '../lib/store';
import { Content } from '../ui/Content';
import { Grid } from '../ui/Grid';
import { LockIcon, SettingsIcon } from '../ui/icons';
import { LoadMore } from '../ui/LoadMore';
import { ReportDialog } from '../report/ReportDialog';
import { Avatar, displayName, ErrorNote, PageTitle, Spinner } from '../ui/misc';

export function profileGrid(accountId: string) {
  return statusList(`account:${accountId}`, () =>
    api.accounts.statuses(accountId, { only_media: true, exclude_replies: true, limit: 24 }),
  );
}

export function Profile({ acct }: { acct: string }) {
  const sessionState = useStore(session.state);
  const me = sessionState.status === 'signedIn' ? sessionState.account : null;
  const [account, setAccount] = useState<Account | null>(null);
  const [relationship, setRelationship] = useState<Relationship | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isMe = me !== null && account?.id === me.id;

  const load = () => {
    setError(null);
    setAccount(null);
    setRelationship(null);
    api.accounts
      .lookup(acct)
      .then(async (found) => {
        setAccount(found);
        if (me && found.id !== me.id) {
          const [relation] = await api.accounts.relationships([found.id]);
          setRelationship(relation ?? null);
        }
      })
      .catch((failure) => setError(messageOf(failure)));
  };
  useEffect(load, [acct]);

  // My own profile follows my edits.
  const shown = isMe && me ? me : account;

  if (error) {
    return (
      <div class="profile">
        <PageTitle>{acct}</PageTitle>
        <ErrorNote message={error.includes('not found') || error === 'Not found.' ? `There is no account called ${acct}.` : error} onRetry={load} />
      </div>
    );
  }
  if (!shown) return <Spinner label="Loading the profile" />;

  const canSeePosts = isMe || !shown.locked || relationship?.following === true;

  return (
    <div class="profile">
      <header class="profile-header">
        <div class="profile-avatar">
          <Avatar account={shown} size={150} />
        </div>
        <div class="profile-info">
          <div class="profile-title">
            <PageTitle>{shown.acct}</PageTitle>
            {shown.locked && (
              <span class="profile-lock" title="Private account">
                <LockIcon size={16} />
                <span class="sr-only">Private account</span>
              </span>
            )}
          </div>
          <div class="profile-actions">
            {isMe ? (
              <>
                <Link href="/settings/profile" class="button secondary">
                  Edit profile
                </Link>
                <Link href="/settings" class="icon-button" aria-label="Settings">
                  <SettingsIcon />
                </Link>
              </>
            ) : (
              me && relationship && <FollowButton account={shown} relationship={relationship} onChange={setRelationship} onAccount={setAccount} />
            )}
          </div>
          <ul class="profile-counts">
            <li>
              <strong>{shown.statuses_count.toLocaleString()}</strong> {shown.statuses_count === 1 ? 'post' : 'posts'}
            </li>
            <li>
              <Link href={`${paths.profile(shown.acct)}/followers`}>
                <strong>{shown.followers_count.toLocaleString()}</strong> {shown.followers_count === 1 ? 'follower' : 'followers'}
              </Link>
            </li>
            <li>
              <Link href={`${paths.profile(shown.acct)}/following`}>
                <strong>{shown.following_count.toLocaleString()}</strong> following
              </Link>
            </li>
          </ul>
          <div class="profile-bio">
            <p class="profile-name">{displayName(shown)}</p>
            {shown.note && <Content html={shown.note} />}
          </div>
        </div>
      </header>
      {canSeePosts ? (
        <ProfileGrid account={shown} />
      ) : (
        <div class="empty private-notice">
          <LockIcon size={40} />
          <h2>This account is private</h2>
          <p>Follow {shown.acct} to see their photos.</p>
        </div>
      )}
    </div>
  );
}

function ProfileGrid({ account }: { account: Account }) {
  const list = profileGrid(account.id);
  const state = useSubscription(list, () => list.state);
  useEffect(() => {
    if (!list.state.loaded) void list.load();
  }, [list]);
  return (
    <>
      {state.loaded && state.items.length === 0 && !state.loading && (
        <div class="empty">
          <h2>No posts yet</h2>
        </div>
      )}
      <Grid statuses={state.items} label={`Posts by ${account.acct}`} />
      <LoadMore list={list} />
    </>
  );
}

function FollowButton({
  account,
  relationship,
  onChange,
  onAccount,
}: {
  account: Account;
  relationship: Relationship;
  onChange: (relationship: Relationship) => void;
  onAccount: (account: Account) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [reporting, setReporting] = useState(false);
  const menu = useRef<HTMLDetailsElement>(null);
  // Read once the dialog closes: refreshing at once would swap this menu, dialog and all, for
  // "Unblock" before the confirmation could be read.
  const blockedByReport = useRef(false);
  const act = async (action: () => Promise<Relationship>, failure: string) => {
    setBusy(true);
    try {
      const updated = await action();
      onChange(updated);
      // Counts changed: read them again.
      onAccount(await api.accounts.get(account.id));
      if (session.account) void session.refreshAccount().catch(() => {});
    } catch (error) {
      toast(`${failure}: ${messageOf(error)}`);
    } finally {
      setBusy(false);
    }
  };

  if (relationship.blocking) {
    return (
      <button type="button" class="button secondary" disabled={busy} onClick={() => void act(() => api.accounts.unblock(account.id), 'Could not unblock')}>
        Unblock
      </button>
    );
  }
  const main = relationship.following ? (
    <button
      type="button"
      class="button secondary"
      disabled={busy}
      title={`Unfollow ${account.acct}`}
      onClick={() => {
        if (confirm(`Unfollow ${account.acct}?`)) void act(() => api.accounts.unfollow(account.id), 'Could not unfollow');
      }}
    >
      Following
    </button>
  ) : relationship.requested ? (
    <button
      type="button"
      class="button secondary"
      disabled={busy}
      title="Cancel the follow request"
      onClick={() => void act(() => api.accounts.unfollow(account.id), 'Could not cancel the request')}
    >
      Requested
    </button>
  ) : (
    <button type="button" class="button" disabled={busy} onClick={() => void act(() => api.accounts.follow(account.id), 'Could not follow')}>
      {relationship.followed_by ? 'Follow back' : 'Follow'}
    </button>
  );
  return (
    <>
      {main}
      <details class="menu" ref={menu}>
        <summary class="button secondary" aria-label={`More options for ${account.acct}`}>
          …
        </summary>
        <div class="menu-items">
          <button
            type="button"
            disabled={busy}
            onClick={() => void act(() => (relationship.muting ? api.accounts.unmute(account.id) : api.accounts.mute(account.id)), 'Could not change mute')}
          >
            {relationship.muting ? 'Unmute' : 'Mute'}
          </button>
          <button
            type="button"
            class="danger"
            disabled={busy}
            onClick={() => {
              if (confirm(`Block ${account.acct}? They won't be able to see your posts or follow you.`)) {
                void act(() => api.accounts.block(account.id), 'Could not block');
              }
            }}
          >
            Block
          </button>
          <button
            type="button"
            class="danger"
            onClick={() => {
              if (menu.current) menu.current.open = false;
              setReporting(true);
            }}
          >
            Report
          </button>
        </div>
      </details>
      {reporting && (
        <ReportDialog
          account={account}
          returnFocusTo={menu.current?.querySelector('summary')}
          onBlocked={() => (blockedByReport.current = true)}
          onClose={() => {
            setReporting(false);
            if (blockedByReport.current) {
              blockedByReport.current = false;
              void act(async () => (await api.accounts.relationships([account.id]))[0] ?? { ...relationship, blocking: true }, 'Could not refresh');
            }
          }}
        />
      )}
    </>
  );
}
