// The typed client for Graminsta's public API (the Mastodon subset plus /api/graminsta). Every
// call the app makes goes through here: screens never build URLs or call fetch themselves.
import type {
  Account,
  Application,
  Context,
  DirectUpload,
  Instance,
  Marker,
  MediaAttachment,
  NewUpload,
  Notification,
  Relationship,
  Report,
  SearchResults,
  Status,
  Token,
  Visibility,
} from './entities';

export * from './entities';

export const SCOPES = 'read write follow';

/** An error reply ({"error": ...}) or a failure to reach the server (status 0). */
export class ApiError extends Error {
  readonly status: number;
  /** The server's `error` field, e.g. "invalid_grant" on OAuth errors. */
  readonly code: string | undefined;

  constructor(status: number, message: string, code?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** One page of a list, with the `Link` header's next and previous page URLs. */
export interface Page<T> {
  items: T[];
  next: string | null;
  prev: string | null;
}

export type Query = Record<string, string | number | boolean | readonly string[] | null | undefined>;

/**
 * Parses an RFC 8288 `Link` header into rel -> URL, as Mastodon sends it:
 * `<https://x/api/v1/timelines/home?max_id=9>; rel="next", <...>; rel="prev"`.
 */
export function parseLinkHeader(header: string | null | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) {
    return links;
  }
  // Splits on commas that start a new <...> entry; URLs may themselves contain commas.
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) {
      continue;
    }
    const [, url, params] = match;
    const rel = /(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params!);
    const names = rel ? (rel[1] ?? rel[2] ?? '') : '';
    for (const name of names.split(/\s+/)) {
      if (name && !(name.toLowerCase() in links)) {
        links[name.toLowerCase()] = url!;
      }
    }
  }
  return links;
}

/** Builds a query string the way Mastodon reads it: arrays as `key[]=a&key[]=b`, nulls left out. */
export function buildQuery(query: Query | undefined): string {
  if (!query) {
    return '';
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined) {
      continue;
    }
    if (Array.isArray(value)) {
      for (const item of value) {
        params.append(`${key}[]`, item);
      }
    } else {
      params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The API's base as an absolute URL without a trailing slash; '' means the page's own origin. */
export function resolveBaseUrl(baseUrl: string, origin: string): string {
  const absolute = new URL(baseUrl || '/', origin);
  if (absolute.protocol !== 'https:' && absolute.protocol !== 'http:') {
    throw new Error(`The API base URL must be http(s): ${baseUrl}`);
  }
  return `${absolute.origin}${absolute.pathname}`.replace(/\/+$/, '');
}

/** An error reply's body as an ApiError: `error_description` (OAuth) or `error`, else the status. */
function errorFromBody(status: number, body: unknown): ApiError {
  const fields = (body ?? {}) as { error?: unknown; error_description?: unknown };
  const code = typeof fields.error === 'string' ? fields.error : undefined;
  const description = typeof fields.error_description === 'string' ? fields.error_description : undefined;
  return new ApiError(status, description || code || defaultMessage(status), code);
}

async function errorFrom(response: Response): Promise<ApiError> {
  // A body that is not JSON (a proxy's error page) leaves the status to say enough.
  return errorFromBody(response.status, await response.json().catch(() => null));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** 202 (just uploaded) and 206 (still processing) both mean the variants are not made yet. */
function uploadedFrom(status: number, media: MediaAttachment): Uploaded {
  return { media, processing: status === 202 || status === 206 || !media.url };
}

function defaultMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Sign in again.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'Not found.';
  if (status === 413) return 'That file is too large.';
  if (status === 429) return 'Too many requests. Wait a moment and try again.';
  if (status >= 500) return 'The server had a problem. Try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

export const OFFLINE_MESSAGE = "Can't reach Graminsta. Check your connection and try again.";

/**
 * For any failed PUT to the object store: what the store answers (an XML error, or nothing at all
 * when it refuses the origin) says nothing a person could act on.
 */
export const STORAGE_MESSAGE = 'The photo could not be uploaded to storage; try again.';

/** Headers the browser sets itself on a request and refuses to let a script set. */
const BROWSER_HEADERS = new Set(['content-length', 'host']);

interface XhrReply {
  status: number;
  text: string;
}

/**
 * Sends a body with XMLHttpRequest, which (unlike fetch) reports upload progress. Resolves with
 * any reply; rejects with status 0 when none came, or with an AbortError when `signal` fired.
 */
function sendWithProgress(
  xhr: XMLHttpRequest,
  request: { method: string; url: string; headers: Record<string, string>; body: XMLHttpRequestBodyInit; signal?: AbortSignal },
  onProgress: (fraction: number) => void,
): Promise<XhrReply> {
  return new Promise<XhrReply>((resolve, reject) => {
    const { signal } = request;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const abort = () => xhr.abort();
    signal?.addEventListener('abort', abort);
    const settle = () => signal?.removeEventListener('abort', abort);
    xhr.open(request.method, request.url);
    for (const [name, value] of Object.entries(request.headers)) {
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) {
        onProgress(Math.min(1, event.loaded / event.total));
      }
    };
    xhr.onload = () => {
      settle();
      resolve({ status: xhr.status, text: xhr.responseText });
    };
    xhr.onerror = () => {
      settle();
      reject(new ApiError(0, OFFLINE_MESSAGE));
    };
    xhr.onabort = () => {
      settle();
      reject(new DOMException('The upload was cancelled', 'AbortError'));
    };
    xhr.send(request.body);
  });
}

export interface ApiOptions {
  /** Absolute API base (see resolveBaseUrl). */
  baseUrl: string;
  /** The signed-in user's token, or null; read on every call. */
  token: () => string | null;
  /** Called when the server says the token is no longer valid. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
  xhr?: () => XMLHttpRequest;
}

export interface RequestOptions {
  query?: Query;
  /** JSON body; FormData is sent as multipart. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Overrides the user's token (an app token for sign-up); null sends none. */
  token?: string | null;
  signal?: AbortSignal;
}

/** An attachment, and whether the server is still making its variants (its `url` is null until then). */
export interface Uploaded {
  media: MediaAttachment;
  processing: boolean;
}

export interface NewStatus {
  status?: string;
  media_ids?: string[];
  visibility?: Visibility;
  in_reply_to_id?: string;
  sensitive?: boolean;
  spoiler_text?: string;
}

/** Mastodon's report categories that need no rule ids (the instance lists no rules). */
export type ReportCategory = 'spam' | 'legal' | 'other';

export interface NewReport {
  account_id: string;
  status_ids?: string[];
  comment: string;
  category: ReportCategory;
  forward: boolean;
}

export interface ProfileChanges {
  display_name?: string;
  note?: string;
  locked?: boolean;
  avatar?: Blob;
}

export type PageQuery = {
  max_id?: string;
  min_id?: string;
  since_id?: string;
  limit?: number;
};

export type Api = ReturnType<typeof createApi>;

export function createApi(options: ApiOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const baseOrigin = new URL(base).origin;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const newXhr = options.xhr ?? (() => new XMLHttpRequest());

  function url(path: string, query?: Query): string {
    return `${base}${path}${buildQuery(query)}`;
  }

  /**
   * The token goes only to the API itself: a `Link` URL pointing elsewhere would otherwise carry
   * the user's token to another host.
   */
  function assertApiUrl(target: string): void {
    const parsed = new URL(target, base);
    if (parsed.origin !== baseOrigin || !`${parsed.origin}${parsed.pathname}`.startsWith(base)) {
      throw new ApiError(0, `Refusing to call a URL outside the API: ${parsed.origin}`);
    }
  }

  /**
   * A `Link` page URL, on the API base this client was given. The server writes these with its
   * configured public URL, which a proxy or a standalone deploy may reach under another origin:
   * only the path and query are kept, so the token still goes nowhere but the API base.
   */
  function pageUrl(link: string): string {
    const parsed = new URL(link, base);
    const basePath = new URL(base).pathname.replace(/\/+$/, '');
    const apiPath = parsed.pathname.startsWith(`${basePath}/api/`) ? parsed.pathname : null;
    if (!apiPath) {
      throw new ApiError(0, `Refusing to follow a page link outside the API: ${parsed.pathname}`);
    }
    return `${base}${apiPath.slice(basePath.length)}${parsed.search}`;
  }

  async function send(method: string, target: string, request: RequestOptions = {}): Promise<Response> {
    assertApiUrl(target);
    const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
    const token = request.token === undefined ? options.token() : request.token;
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
    let body: BodyInit | undefined;
    if (request.body instanceof FormData || request.body instanceof URLSearchParams) {
      body = request.body;
    } else if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    let response: Response;
    try {
      response = await doFetch(target, { method, headers, body, signal: request.signal, credentials: 'omit' });
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') {
        throw error;
      }
      throw new ApiError(0, OFFLINE_MESSAGE);
    }
    if (!response.ok) {
      const error = await errorFrom(response);
      if (response.status === 401 && token && request.token === undefined) {
        options.onUnauthorized?.();
      }
      throw error;
    }
    return response;
  }

  async function json<T>(method: string, path: string, request?: RequestOptions): Promise<T> {
    const response = await send(method, url(path, request?.query), request);
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }

  async function pageAt<T>(target: string, request?: RequestOptions): Promise<Page<T>> {
    const response = await send('GET', target, request);
    const links = parseLinkHeader(response.headers.get('Link'));
    const items = (await response.json()) as T[];
    return { items, next: links.next ?? null, prev: links.prev ?? null };
  }

  function list<T>(path: string, query?: Query) {
    return pageAt<T>(url(path, query));
  }

  const id = encodeURIComponent;

  return {
    baseUrl: base,
    url,

    /** Any further page, by the URL a previous page's `next` or `prev` named. */
    async page<T>(link: string): Promise<Page<T>> {
      return pageAt<T>(pageUrl(link));
    },

    instance: () => json<Instance>('GET', '/api/v2/instance', { token: null }),

    apps: {
      create: (app: { client_name: string; redirect_uris: string; scopes: string; website?: string }) =>
        json<Application>('POST', '/api/v1/apps', { body: app, token: null }),
    },

    oauth: {
      authorizeUrl: (params: {
        client_id: string;
        redirect_uri: string;
        scope: string;
        state: string;
        code_challenge: string;
      }) =>
        url('/oauth/authorize', {
          response_type: 'code',
          ...params,
          code_challenge_method: 'S256',
        }),
      token: (params: Record<string, string>) =>
        json<Token>('POST', '/oauth/token', { body: new URLSearchParams(params), token: null }),
      revoke: (params: { client_id: string; client_secret: string; token: string }) =>
        json<object>('POST', '/oauth/revoke', { body: new URLSearchParams(params), token: null }),
    },

    accounts: {
      register: (
        appToken: string,
        form: { username: string; email: string; password: string; agreement: boolean; locale: string },
      ) => json<Token>('POST', '/api/v1/accounts', { body: form, token: appToken }),
      verifyCredentials: () => json<Account>('GET', '/api/v1/accounts/verify_credentials'),
      updateCredentials: (changes: ProfileChanges) => {
        const form = new FormData();
        if (changes.display_name !== undefined) form.append('display_name', changes.display_name);
        if (changes.note !== undefined) form.append('note', changes.note);
        if (changes.locked !== undefined) form.append('locked', String(changes.locked));
        if (changes.avatar) form.append('avatar', changes.avatar, 'avatar');
        return json<Account>('PATCH', '/api/v1/accounts/update_credentials', { body: form });
      },
      get: (accountId: string) => json<Account>('GET', `/api/v1/accounts/${id(accountId)}`),
      lookup: (acct: string) => json<Account>('GET', '/api/v1/accounts/lookup', { query: { acct } }),
      search: (q: string, limit = 10) =>
        json<Account[]>('GET', '/api/v1/accounts/search', { query: { q, limit, resolve: false } }),
      statuses: (accountId: string, query: PageQuery & { only_media?: boolean; exclude_replies?: boolean } = {}) =>
        list<Status>(`/api/v1/accounts/${id(accountId)}/statuses`, query),
      followers: (accountId: string) => list<Account>(`/api/v1/accounts/${id(accountId)}/followers`),
      following: (accountId: string) => list<Account>(`/api/v1/accounts/${id(accountId)}/following`),
      relationships: (ids: readonly string[]) =>
        json<Relationship[]>('GET', '/api/v1/accounts/relationships', { query: { id: ids } }),
      follow: (accountId: string) => json<Relationship>('POST', `/api/v1/accounts/${id(accountId)}/follow`),
      unfollow: (accountId: string) => json<Relationship>('POST', `/api/v1/accounts/${id(accountId)}/unfollow`),
      block: (accountId: string) => json<Relationship>('POST', `/api/v1/accounts/${id(accountId)}/block`),
      unblock: (accountId: string) => json<Relationship>('POST', `/api/v1/accounts/${id(accountId)}/unblock`),
      mute: (accountId: string) => json<Relationship>('POST', `/api/v1/accounts/${id(accountId)}/mute`),
      unmute: (accountId: string) => json<Relationship>('POST', `/api/v1/accounts/${id(accountId)}/unmute`),
    },

    followRequests: {
      list: () => list<Account>('/api/v1/follow_requests'),
      authorize: (accountId: string) =>
        json<Relationship>('POST', `/api/v1/follow_requests/${id(accountId)}/authorize`),
      reject: (accountId: string) => json<Relationship>('POST', `/api/v1/follow_requests/${id(accountId)}/reject`),
    },

    password: {
      change: (currentPassword: string, password: string) =>
        json<{ revoked_sessions: number }>('POST', '/api/graminsta/v1/password', {
          body: { current_password: currentPassword, password },
        }),
    },

    statuses: {
      create: (status: NewStatus, idempotencyKey: string) =>
        json<Status>('POST', '/api/v1/statuses', { body: status, headers: { 'Idempotency-Key': idempotencyKey } }),
      get: (statusId: string) => json<Status>('GET', `/api/v1/statuses/${id(statusId)}`),
      delete: (statusId: string) => json<Status>('DELETE', `/api/v1/statuses/${id(statusId)}`),
      context: (statusId: string) => json<Context>('GET', `/api/v1/statuses/${id(statusId)}/context`),
      favourite: (statusId: string) => json<Status>('POST', `/api/v1/statuses/${id(statusId)}/favourite`),
      unfavourite: (statusId: string) => json<Status>('POST', `/api/v1/statuses/${id(statusId)}/unfavourite`),
      favouritedBy: (statusId: string) => list<Account>(`/api/v1/statuses/${id(statusId)}/favourited_by`),
    },

    reports: {
      create: (report: NewReport) => json<Report>('POST', '/api/v1/reports', { body: report }),
    },

    timelines: {
      home: (query: PageQuery = {}) => list<Status>('/api/v1/timelines/home', query),
      public: (query: PageQuery & { only_media?: boolean } = {}) =>
        list<Status>('/api/v1/timelines/public', { local: true, ...query }),
      tag: (tag: string, query: PageQuery & { only_media?: boolean } = {}) =>
        list<Status>(`/api/v1/timelines/tag/${id(tag)}`, query),
    },

    favourites: () => list<Status>('/api/v1/favourites'),

    notifications: {
      list: (query: PageQuery = {}) => list<Notification>('/api/v1/notifications', query),
      dismiss: (notificationId: string) =>
        json<object>('POST', `/api/v1/notifications/${id(notificationId)}/dismiss`),
      clear: () => json<object>('POST', '/api/v1/notifications/clear'),
    },

    markers: {
      get: (timelines: readonly ('home' | 'notifications')[]) =>
        json<Partial<Record<'home' | 'notifications', Marker>>>('GET', '/api/v1/markers', { query: { timeline: timelines } }),
      save: (positions: Partial<Record<'home' | 'notifications', { last_read_id: string }>>) =>
        json<Partial<Record<'home' | 'notifications', Marker>>>('POST', '/api/v1/markers', { body: positions }),
    },

    search: (q: string, type?: 'accounts' | 'hashtags' | 'statuses', limit = 20) =>
      json<SearchResults>('GET', '/api/v2/search', { query: { q, type, limit, resolve: false } }),

    media: {
      /**
       * Uploads one photo through the API, reporting progress. `processing` is true on a 202: the
       * URL appears once the server has made the variants.
       */
      async upload(
        file: Blob,
        fileName: string,
        description: string,
        onProgress: (fraction: number) => void,
        signal?: AbortSignal,
      ): Promise<Uploaded> {
        const form = new FormData();
        form.append('file', file, fileName);
        if (description) {
          form.append('description', description);
        }
        const token = options.token();
        const headers: Record<string, string> = { Accept: 'application/json' };
        if (token) {
          headers.Authorization = `Bearer ${token}`;
        }
        const reply = await sendWithProgress(
          newXhr(),
          { method: 'POST', url: url('/api/v2/media'), headers, body: form, signal },
          onProgress,
        );
        const body = parseJson(reply.text);
        if (reply.status >= 200 && reply.status < 300 && typeof (body as { id?: unknown } | null)?.id === 'string') {
          onProgress(1);
          return uploadedFrom(reply.status, body as MediaAttachment);
        }
        if (reply.status === 401 && token) {
          options.onUnauthorized?.();
        }
        throw errorFromBody(reply.status, body);
      },

      /** The attachment, and whether it is still processing (206, or no url yet). */
      async get(mediaId: string): Promise<Uploaded> {
        const response = await send('GET', url(`/api/v1/media/${id(mediaId)}`));
        return uploadedFrom(response.status, (await response.json()) as MediaAttachment);
      },

      update: (mediaId: string, description: string) =>
        json<MediaAttachment>('PUT', `/api/v1/media/${id(mediaId)}`, { body: { description } }),
    },

    /**
     * Graminsta's direct uploads (decision 0009), offered when the instance says
     * `configuration.graminsta.direct_uploads`: the file goes straight to the object store, so no
     * image byte crosses the API. `create` presigns, `put` sends the file, `complete` makes the
     * attachment, as POST /api/v2/media would have.
     */
    uploads: {
      create: (upload: NewUpload, signal?: AbortSignal) =>
        json<DirectUpload>('POST', '/api/graminsta/v1/uploads', { body: upload, signal }),

      /**
       * PUTs the file to the presigned URL with the headers its signature covers and no token: the
       * store is another origin, and the signature is the permission. Every failure, whether the
       * store refused (403 on an expired or mismatched signature) or could not be reached, reads
       * the same to the person posting.
       */
      async put(upload: DirectUpload, file: Blob, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<void> {
        const headers = Object.fromEntries(
          Object.entries(upload.headers ?? {}).filter(([name]) => !BROWSER_HEADERS.has(name.toLowerCase())),
        );
        let reply: XhrReply;
        try {
          reply = await sendWithProgress(newXhr(), { method: upload.method || 'PUT', url: upload.url, headers, body: file, signal }, onProgress);
        } catch (error) {
          throw error instanceof ApiError ? new ApiError(0, STORAGE_MESSAGE) : error;
        }
        if (reply.status < 200 || reply.status >= 300) {
          throw new ApiError(reply.status, STORAGE_MESSAGE);
        }
        onProgress(1);
      },

      async complete(uploadId: string, signal?: AbortSignal): Promise<Uploaded> {
        const response = await send('POST', url(`/api/graminsta/v1/uploads/${id(uploadId)}/complete`), { signal });
        return uploadedFrom(response.status, (await response.json()) as MediaAttachment);
      },
    },
  };
}
