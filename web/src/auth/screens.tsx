import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { Link, navigate, useLocation } from '../app/router';
import { session } from '../app/services';
import { messageOf } from '../lib/paged';
import { ErrorNote, PageTitle, Spinner } from '../ui/misc';
import { SignInError } from './session';

function SignInButton({ returnTo, label = 'Sign in' }: { returnTo: string; label?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        class="button wide"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          session.beginSignIn(returnTo).catch((failure) => {
            setBusy(false);
            setError(messageOf(failure));
          });
        }}
      >
        {busy ? 'Opening sign-in…' : label}
      </button>
      {error && <ErrorNote message={error} />}
    </>
  );
}

/** What a signed-out visitor sees, wherever they arrived. */
export function Welcome({ returnTo = '/', notice }: { returnTo?: string; notice?: string }) {
  return (
    <div class="welcome">
      <div class="welcome-card">
        <p class="logo-text big" aria-hidden="true">
          Graminsta
        </p>
        <PageTitle visible={false}>Welcome to Graminsta</PageTitle>
        <p class="tagline">Share photos with the people you follow.</p>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <SignInButton returnTo={returnTo} />
        <p class="or">or</p>
        <Link href="/signup" class="button secondary wide">
          Create an account
        </Link>
      </div>
    </div>
  );
}

export function SignInPage() {
  const location = useLocation();
  const next = location.search.get('next') ?? '/';
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    session.beginSignIn(next).catch((failure) => setError(messageOf(failure)));
  }, []);
  return (
    <div class="welcome">
      <div class="welcome-card">
        <PageTitle>Sign in</PageTitle>
        {error ? <ErrorNote message={error} /> : <Spinner label="Opening sign-in" />}
      </div>
    </div>
  );
}

export function Callback() {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const params = new URLSearchParams(location.search);
    // The code must not stay in the address bar or in history.
    history.replaceState(history.state, '', '/auth/callback');
    session
      .completeSignIn(params)
      .then((returnTo) => navigate(returnTo, { replace: true }))
      .catch((failure) => setError(failure instanceof SignInError || failure instanceof ApiError ? failure.message : messageOf(failure)));
  }, []);
  return (
    <div class="welcome">
      <div class="welcome-card">
        <PageTitle>Signing in</PageTitle>
        {error ? (
          <>
            <ErrorNote message={error} />
            <SignInButton returnTo="/" label="Try again" />
          </>
        ) : (
          <Spinner label="Signing in" />
        )}
      </div>
    </div>
  );
}

export function SignUp() {
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.signUp({ username: username.trim(), email: email.trim(), password, locale: navigator.language?.split('-')[0] || 'en' });
      navigate('/', { replace: true });
    } catch (failure) {
      setError(messageOf(failure).replace(/^Validation failed: /, ''));
      setBusy(false);
    }
  };

  return (
    <div class="welcome">
      <form class="welcome-card" onSubmit={(event) => void submit(event)}>
        <p class="logo-text big" aria-hidden="true">
          Graminsta
        </p>
        <PageTitle>Create an account</PageTitle>
        <div class="field">
          <label for="signup-username">Username</label>
          <input
            id="signup-username"
            name="username"
            required
            maxLength={30}
            pattern="[A-Za-z0-9_]+"
            autoComplete="username"
            autoCapitalize="off"
            spellcheck={false}
            aria-describedby="username-hint"
            value={username}
            onInput={(event) => setUsername(event.currentTarget.value)}
          />
          <p id="username-hint" class="hint">
            Letters, digits and _ only, up to 30.
          </p>
        </div>
        <div class="field">
          <label for="signup-email">Email</label>
          <input id="signup-email" name="email" type="email" required autoComplete="email" value={email} onInput={(event) => setEmail(event.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="signup-password">Password</label>
          <input
            id="signup-password"
            name="password"
            type="password"
            required
            minLength={8}
            maxLength={128}
            autoComplete="new-password"
            aria-describedby="password-hint"
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
          <p id="password-hint" class="hint">
            At least 8 characters; a few unrelated words make a strong one.
          </p>
        </div>
        <div class="field checkbox-field">
          <input id="signup-agree" type="checkbox" required checked={agreed} onChange={(event) => setAgreed(event.currentTarget.checked)} />
          <label for="signup-agree">I agree to this server's rules and terms.</label>
        </div>
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button wide" disabled={busy}>
          {busy ? 'Creating your account…' : 'Sign up'}
        </button>
        <p class="muted small">
          Have an account? <Link href="/signin">Sign in</Link>
        </p>
      </form>
    </div>
  );
}
