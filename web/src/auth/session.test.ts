import { describe, expect, it, vi } from 'vitest';
import { challengeFor } from './pkce';
import { appStorageKey, memoryStore, Session, SignInError } from './session';

function storage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
    values,
  };
}

const ACCOUNT = { id: '1', username: 'alice', acct: 'alice', display_name: 'Alice' };

/** A stand-in for the server's OAuth and account endpoints, recording what it was sent. */
function fakeServer() {
  const calls: { method: string; path: string; body: Record<string, string>; auth: string | null }[] = [];
  let apps = 0;
  const knownClients = new Set<string>();
  const fetchImpl = vi.fn(async (input: string, init: RequestInit) => {
    const url = new URL(input);
    let body: Record<string, string> = {};
    if (init.body instanceof URLSearchParams) body = Object.fromEntries(init.body);
    else if (typeof init.body === 'string') body = JSON.parse(init.body);
    const auth = (init.headers as Record<string, string>).Authorization ?? null;
    calls.push({ method: init.method!, path: url.pathname, body, auth });
    const json = (value: unknown, status = 200) =>
      new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });
    switch (url.pathname) {
      case '/api/v1/apps':
        apps++;
        knownClients.add(`client-${apps}`);
        return json({ name: body.client_name, client_id: `client-${apps}`, client_secret: `secret-${apps}` });
      case '/oauth/token':
        if (body.grant_type === 'client_credentials') {
          return knownClients.has(body.client_id!)
            ? json({ access_token: 'app-token', token_type: 'Bearer', scope: body.scope, created_at: 0 })
            : json({ error: 'invalid_client', error_description: 'Client authentication failed.' }, 401);
        }
        if (!knownClients.has(body.client_id!)) {
          return json({ error: 'invalid_client', error_description: 'Client authentication failed.' }, 401);
        }
        return json({ access_token: 'user-token', token_type: 'Bearer', scope: 'read write follow', created_at: 0 });
      case '/oauth/revoke':
        return json({});
      case '/api/v1/accounts':
        return json({ access_token: 'new-user-token', token_type: 'Bearer', scope: 'read write follow', created_at: 0 });
      case '/api/v1/accounts/verify_credentials':
        return auth === 'Bearer expired' ? json({ error: 'The access token is invalid' }, 401) : json(ACCOUNT);
      default:
        return json({ error: 'Record not found' }, 404);
    }
  });
  const registrations = () => calls.filter((call) => call.path === '/api/v1/apps').length;
  return { fetchImpl, calls, registrations, forgetApps: () => knownClients.clear() };
}

const APP_KEY = appStorageKey('https://social.test', 'https://app.test/auth/callback');

function makeSession(server = fakeServer(), tokens = memoryStore(), local = storage(), tab = storage(), apiBaseUrl = 'https://social.test') {
  const redirect = vi.fn();
  const session = new Session({
    apiBaseUrl,
    origin: 'https://app.test',
    tokens,
    local,
    tab,
    redirect,
    fetch: server.fetchImpl as unknown as typeof fetch,
  });
  return { session, server, tokens, local, tab, redirect };
}

/** The whole round trip: leave for the sign-in page, come back with a code. */
async function signIn(session: Session, redirect: ReturnType<typeof vi.fn>) {
  await session.beginSignIn();
  const state = new URL(redirect.mock.calls.at(-1)![0] as string).searchParams.get('state')!;
  await session.completeSignIn(new URLSearchParams({ code: 'the-code', state }));
}

describe('the session', () => {
  it('starts signed out without a saved token', async () => {
    const { session } = makeSession();
    await session.start();
    expect(session.state.get()).toEqual({ status: 'signedOut' });
  });

  it('signs up with an app token from a registered first-party app', async () => {
    const { session, server, tokens, local } = makeSession();
    await session.signUp({ username: 'alice', email: 'a@example.com', password: 'pw', locale: 'en' });
    expect(server.calls.map((call) => call.path)).toEqual([
      '/api/v1/apps',
      '/oauth/token',
      '/api/v1/accounts',
      '/api/v1/accounts/verify_credentials',
    ]);
    expect(server.calls[0]!.body).toMatchObject({ redirect_uris: 'https://app.test/auth/callback', scopes: 'read write follow' });
    expect(server.calls[2]!.auth).toBe('Bearer app-token');
    expect(server.calls[2]!.body).toMatchObject({ username: 'alice', agreement: true });
    expect(server.calls[3]!.auth).toBe('Bearer new-user-token');
    expect(await tokens.get('token https://social.test')).toBe('new-user-token');
    expect(session.state.get()).toMatchObject({ status: 'signedIn', account: { username: 'alice' } });
    expect(JSON.parse(local.values.get(APP_KEY)!)).toMatchObject({ clientId: 'client-1' });
  });

  it('registers the app only once', async () => {
    const { session, server } = makeSession();
    await session.appToken();
    await session.appToken();
    expect(server.calls.filter((call) => call.path === '/api/v1/apps')).toHaveLength(1);
  });

  it('registers again when the server no longer knows the saved app', async () => {
    const { session, server } = makeSession();
    await session.appToken();
    server.forgetApps();
    const { app } = await session.appToken();
    expect(app.clientId).toBe('client-2');
    expect(server.registrations()).toBe(2);
  });

  it('keeps the registration across sign-up, sign-out and sign-in', async () => {
    const { session, server, redirect, local } = makeSession();
    await session.signUp({ username: 'alice', email: 'a@example.com', password: 'pw', locale: 'en' });
    await session.signOut();
    await signIn(session, redirect);
    expect(session.state.get().status).toBe('signedIn');
    expect(server.registrations()).toBe(1);
    expect(JSON.parse(local.values.get(APP_KEY)!)).toMatchObject({ clientId: 'client-1', clientSecret: 'secret-1' });
  });

  it('reuses the registration saved by an earlier visit', async () => {
    const server = fakeServer();
    const local = storage();
    await makeSession(server, memoryStore(), local).session.appToken();
    const later = makeSession(server, memoryStore(), local);
    await signIn(later.session, later.redirect);
    expect(server.registrations()).toBe(1);
  });

  it('keeps one registration per API', async () => {
    const server = fakeServer();
    const local = storage();
    const first = makeSession(server, memoryStore(), local, storage(), 'https://social.test');
    const second = makeSession(server, memoryStore(), local, storage(), 'https://other.test');
    await first.session.appToken();
    await second.session.appToken();
    await first.session.appToken();
    await second.session.appToken();
    expect(server.registrations()).toBe(2);
    expect(local.values.has(APP_KEY)).toBe(true);
    expect(local.values.has(appStorageKey('https://other.test', 'https://app.test/auth/callback'))).toBe(true);
  });

  it('adopts a registration saved under the old single key', async () => {
    const server = fakeServer();
    const local = storage();
    await makeSession(server, memoryStore(), local).session.appToken();
    local.values.set('graminsta.app', local.values.get(APP_KEY)!);
    local.values.delete(APP_KEY);
    await makeSession(server, memoryStore(), local).session.appToken();
    expect(server.registrations()).toBe(1);
    expect(local.values.has('graminsta.app')).toBe(false);
    expect(JSON.parse(local.values.get(APP_KEY)!)).toMatchObject({ clientId: 'client-1' });
  });

  it('registers once when sign-in is started twice at once', async () => {
    const { session, server } = makeSession();
    await Promise.all([session.beginSignIn(), session.beginSignIn()]);
    expect(server.registrations()).toBe(1);
  });

  it('registers again on the next sign-in when the server forgot the app during this one', async () => {
    const { session, server, redirect, local } = makeSession();
    await session.beginSignIn();
    server.forgetApps();
    const state = new URL(redirect.mock.calls[0]![0] as string).searchParams.get('state')!;
    await expect(session.completeSignIn(new URLSearchParams({ code: 'c', state }))).rejects.toThrow('no longer knows this app');
    expect(local.values.has(APP_KEY)).toBe(false);
    redirect.mockClear();
    await signIn(session, redirect);
    expect(session.state.get().status).toBe('signedIn');
    expect(server.registrations()).toBe(2);
  });

  it('signs in with the authorization code flow and PKCE, sending no client secret', async () => {
    const { session, server, redirect, tab } = makeSession();
    await session.beginSignIn('/@bob');
    const authorize = new URL(redirect.mock.calls[0]![0] as string);
    expect(authorize.origin + authorize.pathname).toBe('https://social.test/oauth/authorize');
    const pending = JSON.parse(tab.values.get('graminsta.signin')!);
    expect(authorize.searchParams.get('code_challenge')).toBe(await challengeFor(pending.verifier));
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe('https://app.test/auth/callback');

    const returnTo = await session.completeSignIn(
      new URLSearchParams({ code: 'the-code', state: authorize.searchParams.get('state')! }),
    );
    expect(returnTo).toBe('/@bob');
    const exchange = server.calls.find((call) => call.body.grant_type === 'authorization_code')!;
    expect(exchange.body).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      client_id: 'client-1',
      redirect_uri: 'https://app.test/auth/callback',
      code_verifier: pending.verifier,
    });
    expect(session.state.get().status).toBe('signedIn');
    expect(tab.values.has('graminsta.signin')).toBe(false);
  });

  it('refuses a callback whose state this tab did not issue', async () => {
    const { session, server } = makeSession();
    await session.beginSignIn();
    await expect(session.completeSignIn(new URLSearchParams({ code: 'c', state: 'forged' }))).rejects.toBeInstanceOf(SignInError);
    expect(server.calls.some((call) => call.body.grant_type === 'authorization_code')).toBe(false);
    // Nor can the real state be replayed afterwards: the pending sign-in is gone.
    await expect(session.completeSignIn(new URLSearchParams({ code: 'c', state: 'x' }))).rejects.toBeInstanceOf(SignInError);
  });

  it('reports a denied sign-in', async () => {
    const { session } = makeSession();
    await session.beginSignIn();
    await expect(session.completeSignIn(new URLSearchParams({ error: 'access_denied' }))).rejects.toThrow('cancelled');
  });

  it('never sends the user back to another site after sign-in', async () => {
    const { session, redirect } = makeSession();
    await session.beginSignIn('//evil.test/');
    const state = new URL(redirect.mock.calls[0]![0] as string).searchParams.get('state')!;
    expect(await session.completeSignIn(new URLSearchParams({ code: 'c', state }))).toBe('/');
  });

  it('revokes the token on sign-out and forgets it', async () => {
    const { session, server, tokens } = makeSession();
    await session.signUp({ username: 'alice', email: 'a@example.com', password: 'pw', locale: 'en' });
    await session.signOut();
    expect(server.calls.at(-1)).toMatchObject({
      path: '/oauth/revoke',
      body: { client_id: 'client-1', client_secret: 'secret-1', token: 'new-user-token' },
    });
    expect(await tokens.get('token https://social.test')).toBeNull();
    expect(session.state.get()).toEqual({ status: 'signedOut' });
  });

  it('opens at once with the saved account, and signs out if the server then refuses the token', async () => {
    const tokens = memoryStore();
    await tokens.set('token https://social.test', 'expired');
    await tokens.set('account https://social.test', JSON.stringify(ACCOUNT));
    const { session } = makeSession(fakeServer(), tokens);
    const seen: string[] = [];
    session.state.subscribe((state) => seen.push(state.status));
    await session.start();
    expect(seen[0]).toBe('signedIn');
    await vi.waitFor(() => expect(session.state.get()).toEqual({ status: 'signedOut', notice: 'Your session has ended. Sign in again.' }));
  });

  it('stays signed in with the saved account when the server cannot be reached', async () => {
    const tokens = memoryStore();
    await tokens.set('token https://social.test', 'user-token');
    await tokens.set('account https://social.test', JSON.stringify(ACCOUNT));
    const offline = { ...fakeServer(), fetchImpl: vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))) };
    const { session } = makeSession(offline as unknown as ReturnType<typeof fakeServer>, tokens);
    await session.start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(session.state.get()).toMatchObject({ status: 'signedIn', account: { username: 'alice' } });
  });

  it('ignores a token saved for another API', async () => {
    const tokens = memoryStore();
    await tokens.set('token https://other.test', 'user-token');
    const { session, server } = makeSession(fakeServer(), tokens);
    await session.start();
    expect(session.state.get()).toEqual({ status: 'signedOut' });
    expect(server.calls).toEqual([]);
  });

  it('signs out with a notice when the server refuses a saved token', async () => {
    const tokens = memoryStore();
    await tokens.set('token https://social.test', 'expired');
    const { session } = makeSession(fakeServer(), tokens);
    await session.start();
    expect(session.state.get()).toEqual({ status: 'signedOut', notice: 'Your session has ended. Sign in again.' });
    expect(await tokens.get('token https://social.test')).toBeNull();
  });
});
