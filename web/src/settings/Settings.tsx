import { useEffect, useState } from 'preact/hooks';
import { Link, navigate } from '../app/router';
import { api, session, toast } from '../app/services';
import { messageOf } from '../lib/paged';
import { useStore } from '../lib/store';
import { PageTitle } from '../ui/misc';

interface InstallPrompt extends Event {
  prompt(): Promise<void>;
}

let installPrompt: InstallPrompt | null = null;
window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault();
  installPrompt = event as InstallPrompt;
});

export function Settings() {
  const state = useStore(session.state);
  const account = state.status === 'signedIn' ? state.account : null;
  const [savingPrivacy, setSavingPrivacy] = useState(false);
  // Shown at once; the server's answer settles it (or puts it back).
  const [locked, setLocked] = useState<boolean | null>(null);
  const [canInstall, setCanInstall] = useState(installPrompt !== null);

  useEffect(() => {
    const listener = () => setCanInstall(true);
    window.addEventListener('beforeinstallprompt', listener);
    return () => window.removeEventListener('beforeinstallprompt', listener);
  }, []);

  if (!account) return null;

  const setPrivate = async (wanted: boolean) => {
    setSavingPrivacy(true);
    setLocked(wanted);
    try {
      session.setAccount(await api.accounts.updateCredentials({ locked: wanted }));
      toast(wanted ? 'Your account is private now.' : 'Your account is public now.');
    } catch (error) {
      toast(`Could not change the setting: ${messageOf(error)}`);
    } finally {
      setLocked(null);
      setSavingPrivacy(false);
    }
  };

  const signOut = async () => {
    await session.signOut();
    navigate('/', { replace: true });
  };

  return (
    <div class="settings">
      <PageTitle>Settings</PageTitle>
      <section aria-labelledby="account-heading" class="settings-section">
        <h2 id="account-heading" class="section-title">Account</h2>
        <ul class="settings-links">
          <li>
            <Link href="/settings/profile">Edit profile</Link>
          </li>
          <li>
            <Link href="/follow-requests">Follow requests{account.source?.follow_requests_count ? ` (${account.source.follow_requests_count})` : ''}</Link>
          </li>
        </ul>
        <div class="field switch-field">
          <input
            id="private-switch"
            type="checkbox"
            role="switch"
            checked={locked ?? account.locked}
            aria-busy={savingPrivacy}
            onChange={(event) => {
              if (!savingPrivacy) void setPrivate(event.currentTarget.checked);
            }}
            aria-describedby="private-hint"
          />
          <label for="private-switch">Private account</label>
          <p id="private-hint" class="hint">
            When your account is private, only people you approve can follow you.
          </p>
        </div>
      </section>
      <PasswordForm />
      {canInstall && (
        <section aria-labelledby="install-heading" class="settings-section">
          <h2 id="install-heading" class="section-title">App</h2>
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              void installPrompt?.prompt();
              installPrompt = null;
              setCanInstall(false);
            }}
          >
            Install Graminsta on this device
          </button>
        </section>
      )}
      <section aria-labelledby="session-heading" class="settings-section">
        <h2 id="session-heading" class="section-title">Session</h2>
        <p class="muted">Signed in as {account.acct}.</p>
        <button type="button" class="button danger" onClick={() => void signOut()}>
          Sign out
        </button>
      </section>
      <p class="muted small">
        <a href={`${api.baseUrl}/api/docs`}>API documentation</a>
      </p>
    </div>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const result = await api.password.change(current, next);
      setCurrent('');
      setNext('');
      setMessage({
        ok: true,
        text: result.revoked_sessions
          ? `Password changed. ${result.revoked_sessions} other ${result.revoked_sessions === 1 ? 'session was' : 'sessions were'} signed out.`
          : 'Password changed.',
      });
    } catch (error) {
      setMessage({ ok: false, text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="password-heading" class="settings-section">
      <h2 id="password-heading" class="section-title">Change password</h2>
      <form onSubmit={(event) => void submit(event)}>
        <div class="field">
          <label for="current-password">Current password</label>
          <input id="current-password" type="password" autoComplete="current-password" required value={current} onInput={(event) => setCurrent(event.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="new-password">New password</label>
          <input id="new-password" type="password" autoComplete="new-password" required minLength={8} value={next} onInput={(event) => setNext(event.currentTarget.value)} />
        </div>
        {message && (
          <p class={message.ok ? 'success' : 'field-error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
        <button type="submit" class="button secondary" disabled={busy}>
          Change password
        </button>
      </form>
    </section>
  );
}
