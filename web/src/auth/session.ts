// Who is signed in, and how they got there. The web app is a first-party OAuth client of the
// API: it registers itself once (POST /api/v1/apps), signs people in with the authorization code
// flow and PKCE through the server's own sign-in page, and signs people up with an app token.
// Where the token is kept and why: web/docs/security.md.
import { ApiError, createApi, SCOPES, type Account, type Api, type Application } from '../api/client';
import { Store } from '../lib/store';
import { challengeFor, createState, createVerifier } from './pkce';

export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** IndexedDB, falling back to memory where it is unavailable (some private browsing modes). */
export function indexedDbStore(name = 'graminsta', storeName = 'session'): KeyValueStore {
  const memory = memoryStore();
  let opened: Promise<IDBDatabase | null> | null = null;
  const open = (): Promise<IDBDatabase | null> =>
    (opened ??= new Promise<IDBDatabase | null>((resolve) => {
      try {
        const request = indexedDB.open(name, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(storeName);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(null);
        request.onblocked = () => resolve(null);
      } catch {
        resolve(null);
      }
    }));
  const run = async <T,>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> => {
    const db = await open();
    if (!db) return undefined;
    return new Promise<T | undefined>((resolve, reject) => {
      const request = action(db.transaction(storeName, mode).objectStore(storeName));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  };
  // Opened at once: start-up reads the token while the configuration loads.
  void open();
  return {
    async get(key) {
      const db = await open();
      if (!db) return memory.get(key);
      const value = await run('readonly', (store) => store.get(key) as IDBRequest<unknown>);
      return typeof value === 'string' ? value : null;
    },
    async set(key, value) {
      const db = await open();
      if (!db) return memory.set(key, value);
      await run('readwrite', (store) => store.put(value, key));
    },
    async delete(key) {
      const db = await open();
      if (!db) return memory.delete(key);
      await run('readwrite', (store) => store.delete(key));
    },
  };
}

export function memoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
  };
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut'; notice?: string }
  | { status: 'signedIn'; account: Account };

interface RegisteredApp {
  apiBaseUrl: string;
  redirectUri: string;
  clientId: string;
  clientSecret: string;
}

/** What a sign-in started in this tab keeps until the callback. */
interface PendingSignIn {
  state: string;
  verifier: string;
  redirectUri: string;
  clientId: string;
  returnTo: string;
}

export interface SessionDeps {
  apiBaseUrl: string;
  /** The page's origin; the callback is `${origin}/auth/callback`. */
  origin: string;
  tokens: KeyValueStore;
  /** Survives restarts: the registered app (a public client's id and secret, no user data). */
  local: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** This tab only: the PKCE verifier between leaving for the sign-in page and coming back. */
  tab: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  redirect(url: string): void;
  fetch?: typeof fetch;
}

/** Before apps were kept per API and callback, one entry held the last one registered. */
const LEGACY_APP_KEY = 'graminsta.app';
const PENDING_KEY = 'graminsta.signin';

export class SignInError extends Error {}

export function appStorageKey(apiBaseUrl: string, redirectUri: string): string {
  return `graminsta.app ${apiBaseUrl} ${redirectUri}`;
}

function isInvalidClient(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'invalid_client';
}

export class Session {
  readonly state = new Store<SessionState>({ status: 'loading' });
  readonly api: Api;
  private token: string | null = null;

  constructor(private readonly deps: SessionDeps) {
    this.api = createApi({
      baseUrl: deps.apiBaseUrl,
      token: () => this.token,
      onUnauthorized: () => void this.forget('Your session has ended. Sign in again.'),
      fetch: deps.fetch,
    });
  }

  /** Keyed by API, so a token is never sent to an API other than the one that issued it. */
  private get tokenKey(): string {
    return `token ${this.deps.apiBaseUrl}`;
  }

  private get accountKey(): string {
    return `account ${this.deps.apiBaseUrl}`;
  }

  get redirectUri(): string {
    return `${this.deps.origin}/auth/callback`;
  }

  /** The signed-in user's token, for what cannot go through the API client: the streaming socket. */
  get accessToken(): string | null {
    return this.token;
  }

  get account(): Account | null {
    const state = this.state.get();
    return state.status === 'signedIn' ? state.account : null;
  }

  /**
   * Restores a saved sign-in. With the account as last seen, the app opens at once (and the feed
   * loads in parallel) while the token is checked; a refused token then signs out.
   */
  async start(): Promise<void> {
    const [token, saved] = await Promise.all([
      this.deps.tokens.get(this.tokenKey).catch(() => null),
      this.deps.tokens.get(this.accountKey).catch(() => null),
    ]);
    this.token = token;
    if (!this.token) {
      this.state.set({ status: 'signedOut' });
      return;
    }
    let account: Account | null = null;
    try {
      account = saved ? (JSON.parse(saved) as Account) : null;
    } catch {
      account = null;
    }
    if (account) {
      this.state.set({ status: 'signedIn', account });
      // Offline: the installed app still opens, with the account as last seen.
      this.refreshAccount().catch(() => {});
      return;
    }
    try {
      await this.refreshAccount();
    } catch {
      if (this.state.get().status === 'loading') {
        await this.forget();
      }
    }
  }

  async refreshAccount(): Promise<Account> {
    const account = await this.api.accounts.verifyCredentials();
    this.state.set({ status: 'signedIn', account });
    await this.deps.tokens.set(this.accountKey, JSON.stringify(account)).catch(() => {});
    return account;
  }

  /** Shows a changed account everywhere (after editing the profile). */
  setAccount(account: Account): void {
    if (this.state.get().status === 'signedIn') {
      this.state.set({ status: 'signedIn', account });
      void this.deps.tokens.set(this.accountKey, JSON.stringify(account)).catch(() => {});
    }
  }

  /**
   * One registration per API and callback, kept across sign-outs: a server sees one app per
   * browser, not one per sign-in. Several APIs (a changed config.json) each keep their own.
   */
  private get appKey(): string {
    return appStorageKey(this.deps.apiBaseUrl, this.redirectUri);
  }

  private savedApp(): RegisteredApp | null {
    const app = this.readApp(this.appKey);
    if (app) return app;
    const legacy = this.readApp(LEGACY_APP_KEY);
    if (legacy) {
      this.deps.local.setItem(this.appKey, JSON.stringify(legacy));
      this.deps.local.removeItem(LEGACY_APP_KEY);
    }
    return legacy;
  }

  private readApp(key: string): RegisteredApp | null {
    try {
      const app = JSON.parse(this.deps.local.getItem(key) ?? 'null') as RegisteredApp | null;
      if (app && app.apiBaseUrl === this.deps.apiBaseUrl && app.redirectUri === this.redirectUri && app.clientId) {
        return app;
      }
    } catch {
      // A damaged entry: register again.
    }
    return null;
  }

  /** The server no longer knows the saved app (its database was reset): the next use registers. */
  private forgetApp(): void {
    this.deps.local.removeItem(this.appKey);
  }

  private registering: Promise<RegisteredApp> | null = null;

  /** Two sign-in clicks in a row still make one registration. */
  private registerApp(): Promise<RegisteredApp> {
    this.registering ??= this.register().finally(() => {
      this.registering = null;
    });
    return this.registering;
  }

  private async register(): Promise<RegisteredApp> {
    const created: Application = await this.api.apps.create({
      client_name: 'Graminsta for the web',
      redirect_uris: this.redirectUri,
      scopes: SCOPES,
      website: this.deps.origin,
    });
    const app = {
      apiBaseUrl: this.deps.apiBaseUrl,
      redirectUri: this.redirectUri,
      clientId: created.client_id,
      clientSecret: created.client_secret,
    };
    this.deps.local.setItem(this.appKey, JSON.stringify(app));
    return app;
  }

  /** The registered app, registering it on first use. */
  async app(): Promise<RegisteredApp> {
    return this.savedApp() ?? this.registerApp();
  }

  /**
   * An app token (client_credentials), which signing up needs. Also proves the saved app is still
   * known to the server: one that forgot it (a reset server) gets a new registration.
   */
  async appToken(): Promise<{ app: RegisteredApp; token: string }> {
    for (let attempt = 0; ; attempt++) {
      const app = await this.app();
      try {
        const token = await this.api.oauth.token({
          grant_type: 'client_credentials',
          client_id: app.clientId,
          client_secret: app.clientSecret,
          redirect_uri: app.redirectUri,
          scope: SCOPES,
        });
        return { app, token: token.access_token };
      } catch (error) {
        if (attempt === 0 && isInvalidClient(error)) {
          this.forgetApp();
          continue;
        }
        throw error;
      }
    }
  }

  /** Leaves for the server's sign-in page; the callback finishes in completeSignIn. */
  async beginSignIn(returnTo = '/'): Promise<void> {
    const { app } = await this.appToken();
    const verifier = createVerifier();
    const pending: PendingSignIn = {
      state: createState(),
      verifier,
      redirectUri: app.redirectUri,
      clientId: app.clientId,
      returnTo: returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/',
    };
    this.deps.tab.setItem(PENDING_KEY, JSON.stringify(pending));
    this.deps.redirect(
      this.api.oauth.authorizeUrl({
        client_id: app.clientId,
        redirect_uri: app.redirectUri,
        scope: SCOPES,
        state: pending.state,
        code_challenge: await challengeFor(verifier),
      }),
    );
  }

  /** Handles /auth/callback?code=…&state=…; returns where to go next. */
  async completeSignIn(params: URLSearchParams): Promise<string> {
    const raw = this.deps.tab.getItem(PENDING_KEY);
    this.deps.tab.removeItem(PENDING_KEY);
    const pending = raw ? (JSON.parse(raw) as PendingSignIn) : null;
    if (params.get('error')) {
      throw new SignInError(
        params.get('error') === 'access_denied' ? 'Sign-in was cancelled.' : `Sign-in failed: ${params.get('error')}.`,
      );
    }
    const code = params.get('code');
    if (!pending || !code || params.get('state') !== pending.state) {
      // A callback this tab did not start (or a replayed one) must not sign anyone in.
      throw new SignInError('This sign-in link is not valid any more. Start again.');
    }
    let token;
    try {
      token = await this.api.oauth.token({
        grant_type: 'authorization_code',
        code,
        client_id: pending.clientId,
        redirect_uri: pending.redirectUri,
        code_verifier: pending.verifier,
      });
    } catch (error) {
      if (isInvalidClient(error)) {
        // Forgotten between leaving and coming back; signing in again registers anew.
        this.forgetApp();
        throw new SignInError('The server no longer knows this app. Sign in again.');
      }
      throw error;
    }
    await this.adopt(token.access_token);
    return pending.returnTo;
  }

  async signUp(form: { username: string; email: string; password: string; locale: string }): Promise<void> {
    const { token: appToken } = await this.appToken();
    const token = await this.api.accounts.register(appToken, { ...form, agreement: true });
    await this.adopt(token.access_token);
  }

  private async adopt(token: string): Promise<void> {
    this.token = token;
    await this.deps.tokens.set(this.tokenKey, token).catch(() => {});
    await this.refreshAccount();
  }

  /** Revokes the token on the server (when reachable) and forgets it here. */
  async signOut(): Promise<void> {
    const token = this.token;
    const app = this.savedApp();
    if (token && app) {
      await this.api.oauth
        .revoke({ client_id: app.clientId, client_secret: app.clientSecret, token })
        .catch((error: unknown) => {
          if (isInvalidClient(error)) this.forgetApp();
        });
    }
    await this.forget();
  }

  private async forget(notice?: string): Promise<void> {
    const wasSignedIn = this.token !== null;
    this.token = null;
    await Promise.all([
      this.deps.tokens.delete(this.tokenKey).catch(() => {}),
      this.deps.tokens.delete(this.accountKey).catch(() => {}),
    ]);
    this.state.set(notice && wasSignedIn ? { status: 'signedOut', notice } : { status: 'signedOut' });
  }
}
