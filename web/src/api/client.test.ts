import { describe, expect, it, vi } from 'vitest';
import { ApiError, buildQuery, createApi, parseLinkHeader, resolveBaseUrl } from './client';

function jsonResponse(body: unknown, init: ResponseInit & { link?: string } = {}): Response {
  const headers = new Headers({ 'Content-Type': 'application/json' });
  if (init.link) headers.set('Link', init.link);
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

function apiWith(fetchImpl: typeof fetch, token: string | null = 'user-token', onUnauthorized = vi.fn()) {
  return { api: createApi({ baseUrl: 'https://social.test', token: () => token, fetch: fetchImpl, onUnauthorized }), onUnauthorized };
}

describe('Link headers', () => {
  it('reads next and prev as Mastodon sends them', () => {
    const links = parseLinkHeader(
      '<https://social.test/api/v1/timelines/home?max_id=109>; rel="next", <https://social.test/api/v1/timelines/home?min_id=120>; rel="prev"',
    );
    expect(links).toEqual({
      next: 'https://social.test/api/v1/timelines/home?max_id=109',
      prev: 'https://social.test/api/v1/timelines/home?min_id=120',
    });
  });

  it('accepts unquoted and multi-valued rels, commas inside URLs, and missing headers', () => {
    expect(parseLinkHeader('<https://a.test/x?ids=1,2>; rel=next')).toEqual({ next: 'https://a.test/x?ids=1,2' });
    expect(parseLinkHeader('<https://a.test/y>; title="a"; rel="prev previous"')).toEqual({
      prev: 'https://a.test/y',
      previous: 'https://a.test/y',
    });
    expect(parseLinkHeader(null)).toEqual({});
    expect(parseLinkHeader('garbage')).toEqual({});
  });
});

describe('queries', () => {
  it('writes arrays the Rails way and leaves out empty values', () => {
    expect(buildQuery({ id: ['1', '2'], limit: 20, max_id: undefined, only_media: true })).toBe(
      '?id%5B%5D=1&id%5B%5D=2&limit=20&only_media=true',
    );
    expect(buildQuery({})).toBe('');
  });

  it('resolves the API base against the page origin', () => {
    expect(resolveBaseUrl('', 'https://app.test')).toBe('https://app.test');
    expect(resolveBaseUrl('https://api.test/', 'https://app.test')).toBe('https://api.test');
    expect(resolveBaseUrl('/graminsta/', 'https://app.test')).toBe('https://app.test/graminsta');
  });
});

describe('the API client', () => {
  it('sends the bearer token and returns pages with their next link', async () => {
    const fetchImpl = vi.fn(async (_url: string, _init: RequestInit) =>
      jsonResponse([{ id: '3' }], { link: '<https://social.test/api/v1/timelines/home?max_id=3>; rel="next"' }),
    );
    const { api } = apiWith(fetchImpl as unknown as typeof fetch);
    const page = await api.timelines.home({ limit: 20 });
    expect(page).toEqual({ items: [{ id: '3' }], next: 'https://social.test/api/v1/timelines/home?max_id=3', prev: null });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('https://social.test/api/v1/timelines/home?limit=20');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer user-token');
    expect(init.credentials).toBe('omit');
  });

  it('follows page links on the API base even when the server names another origin', async () => {
    const fetchImpl = vi.fn(async (_url: string, _init: RequestInit) => jsonResponse([]));
    const { api } = apiWith(fetchImpl as unknown as typeof fetch);
    await api.page('http://internal.test:8080/api/v1/timelines/home?max_id=1');
    expect(fetchImpl.mock.calls[0]![0]).toBe('https://social.test/api/v1/timelines/home?max_id=1');
  });

  it('refuses page links that are not API paths', async () => {
    const fetchImpl = vi.fn();
    const { api } = apiWith(fetchImpl as unknown as typeof fetch);
    await expect(api.page('https://evil.test/steal?max_id=1')).rejects.toThrow(ApiError);
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('keeps a base path when re-rooting page links', async () => {
    const fetchImpl = vi.fn(async (_url: string, _init: RequestInit) => jsonResponse([]));
    const api = createApi({ baseUrl: 'https://host.test/graminsta', token: () => 't', fetch: fetchImpl as unknown as typeof fetch });
    await api.page('https://host.test/graminsta/api/v1/notifications?max_id=5');
    expect(fetchImpl.mock.calls[0]![0]).toBe('https://host.test/graminsta/api/v1/notifications?max_id=5');
  });

  it('turns {"error": ...} replies into ApiErrors with the status', async () => {
    const { api } = apiWith((async () => jsonResponse({ error: 'Record not found' }, { status: 404 })) as unknown as typeof fetch);
    await expect(api.statuses.get('1')).rejects.toMatchObject({ status: 404, message: 'Record not found' });
  });

  it('prefers the OAuth error_description', async () => {
    const { api } = apiWith(
      (async () => jsonResponse({ error: 'invalid_grant', error_description: 'The code is invalid.' }, { status: 400 })) as unknown as typeof fetch,
    );
    await expect(api.oauth.token({ grant_type: 'authorization_code' })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_grant',
      message: 'The code is invalid.',
    });
  });

  it('explains a reply without a JSON body by its status', async () => {
    const { api } = apiWith((async () => new Response('<html>Bad gateway</html>', { status: 502 })) as unknown as typeof fetch);
    await expect(api.instance()).rejects.toMatchObject({ status: 502, message: expect.stringMatching(/server/) });
  });

  it('reports a network failure as status 0', async () => {
    const { api } = apiWith((async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch);
    await expect(api.instance()).rejects.toMatchObject({ status: 0 });
  });

  it('signals an expired token once the server answers 401', async () => {
    const { api, onUnauthorized } = apiWith(
      (async () => jsonResponse({ error: 'The access token is invalid' }, { status: 401 })) as unknown as typeof fetch,
    );
    await expect(api.accounts.verifyCredentials()).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('sends a status as JSON with its Idempotency-Key', async () => {
    const fetchImpl = vi.fn(async () => jsonResponse({ id: '9' }));
    const { api } = apiWith(fetchImpl as unknown as typeof fetch);
    await api.statuses.create({ status: 'hi', media_ids: ['1', '2'], visibility: 'public' }, 'key-1');
    const [, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['Idempotency-Key']).toBe('key-1');
    expect(JSON.parse(init.body as string)).toEqual({ status: 'hi', media_ids: ['1', '2'], visibility: 'public' });
  });

  it('asks for relationships with id[] and exchanges codes as a form without a token', async () => {
    const fetchImpl = vi.fn(async (_url: string, _init: RequestInit) => jsonResponse([]));
    const { api } = apiWith(fetchImpl as unknown as typeof fetch);
    await api.accounts.relationships(['5', '6']);
    expect(fetchImpl.mock.calls[0]![0]).toBe('https://social.test/api/v1/accounts/relationships?id%5B%5D=5&id%5B%5D=6');
    await api.oauth.token({ grant_type: 'authorization_code', code: 'c' });
    const [, init] = fetchImpl.mock.calls[1] as unknown as [string, RequestInit];
    expect(init.body).toBeInstanceOf(URLSearchParams);
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('builds the authorize URL with an S256 challenge', () => {
    const { api } = apiWith(vi.fn() as unknown as typeof fetch);
    const url = new URL(
      api.oauth.authorizeUrl({ client_id: 'c', redirect_uri: 'https://app.test/auth/callback', scope: 'read write follow', state: 's', code_challenge: 'x' }),
    );
    expect(url.pathname).toBe('/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'c',
      redirect_uri: 'https://app.test/auth/callback',
      scope: 'read write follow',
      state: 's',
      code_challenge: 'x',
      code_challenge_method: 'S256',
    });
  });

  it('tells a processing upload (206 on GET) from a finished one', async () => {
    const fetchImpl = vi
      .fn()
      .mockResolvedValueOnce(jsonResponse({ id: '1', url: null }, { status: 206 }))
      .mockResolvedValueOnce(jsonResponse({ id: '1', url: 'https://cdn.test/1.jpg' }));
    const { api } = apiWith(fetchImpl as unknown as typeof fetch);
    expect((await api.media.get('1')).processing).toBe(true);
    expect((await api.media.get('1')).processing).toBe(false);
  });
});

class FakeXhr {
  static last: FakeXhr;
  upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  status = 0;
  responseText = '';
  headers: Record<string, string> = {};
  sent: FormData | null = null;
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.headers[':method'] = method;
    this.headers[':url'] = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.sent = body;
  }
  abort() {
    this.onabort?.();
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

describe('uploads', () => {
  const api = createApi({
    baseUrl: 'https://social.test',
    token: () => 't',
    xhr: () => new FakeXhr() as unknown as XMLHttpRequest,
  });

  it('reports progress and resolves with the attachment, processing on 202', async () => {
    const progress: number[] = [];
    const handle = api.media.upload(new Blob(['x']), 'a.jpg', 'A dog', (fraction) => progress.push(fraction));
    const xhr = FakeXhr.last;
    expect(xhr.headers[':url']).toBe('https://social.test/api/v2/media');
    expect(xhr.headers.Authorization).toBe('Bearer t');
    expect(xhr.sent?.get('description')).toBe('A dog');
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
    xhr.respond(202, { id: '7', url: null });
    await expect(handle.promise).resolves.toEqual({ media: { id: '7', url: null }, processing: true });
    expect(progress).toEqual([0.5, 1]);
  });

  it('rejects with the server\'s message for a refused file', async () => {
    const handle = api.media.upload(new Blob(['x']), 'notes.jpg', '', () => {});
    FakeXhr.last.respond(422, { error: 'Validation failed: File is not a supported image' });
    await expect(handle.promise).rejects.toMatchObject({ status: 422, message: 'Validation failed: File is not a supported image' });
  });
});
