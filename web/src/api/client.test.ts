import { describe, expect, it, vi } from 'vitest';
import { ApiError, buildQuery, createApi, parseLinkHeader, resolveBaseUrl, STORAGE_MESSAGE, type DirectUpload } from './client';
import { FakeXhr, jsonResponse } from './fakes';

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

describe('uploads through the API', () => {
  const onUnauthorized = vi.fn();
  const api = createApi({ baseUrl: 'https://social.test', token: () => 't', xhr: FakeXhr.create, onUnauthorized });

  it('reports progress and resolves with the attachment, processing on 202', async () => {
    const progress: number[] = [];
    const uploaded = api.media.upload(new Blob(['x']), 'a.jpg', 'A dog', (fraction) => progress.push(fraction));
    const xhr = FakeXhr.last;
    expect([xhr.method, xhr.url]).toEqual(['POST', 'https://social.test/api/v2/media']);
    expect(xhr.headers.Authorization).toBe('Bearer t');
    expect((xhr.sent as FormData).get('description')).toBe('A dog');
    xhr.progress(50, 100);
    xhr.respond(202, { id: '7', url: null });
    await expect(uploaded).resolves.toEqual({ media: { id: '7', url: null }, processing: true });
    expect(progress).toEqual([0.5, 1]);
  });

  it("rejects with the server's message for a refused file", async () => {
    const uploaded = api.media.upload(new Blob(['x']), 'notes.jpg', '', () => {});
    FakeXhr.last.respond(422, { error: 'Validation failed: File is not a supported image' });
    await expect(uploaded).rejects.toMatchObject({ status: 422, message: 'Validation failed: File is not a supported image' });
  });

  it('signals an expired token on 401 and stops when aborted', async () => {
    const expired = api.media.upload(new Blob(['x']), 'a.jpg', '', () => {});
    FakeXhr.last.respond(401, { error: 'The access token is invalid' });
    await expect(expired).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledOnce();

    const controller = new AbortController();
    const cancelled = api.media.upload(new Blob(['x']), 'a.jpg', '', () => {}, controller.signal);
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(FakeXhr.last.aborted).toBe(true);
  });
});

describe('direct uploads', () => {
  const upload: DirectUpload = {
    id: '42',
    url: 'https://store.test/graminsta/originals/42?X-Amz-Signature=abc',
    method: 'PUT',
    headers: { 'Content-Type': 'image/jpeg', 'Content-Length': '3' },
    expires_at: '2030-01-01T00:00:00Z',
  };

  function directApi(fetchImpl: typeof fetch = vi.fn()) {
    return createApi({ baseUrl: 'https://social.test', token: () => 't', fetch: fetchImpl, xhr: FakeXhr.create });
  }

  it('asks for a presigned URL with the photo\'s type, size, alt text and name', async () => {
    const fetchImpl = vi.fn(async (_url: string, _init: RequestInit) => jsonResponse(upload));
    const api = directApi(fetchImpl as unknown as typeof fetch);
    const created = await api.uploads.create({ content_type: 'image/jpeg', size: 3, description: 'A dog', filename: 'a.jpg' });
    expect(created).toEqual(upload);
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect([init.method, url]).toEqual(['POST', 'https://social.test/api/graminsta/v1/uploads']);
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer t');
    expect(JSON.parse(init.body as string)).toEqual({ content_type: 'image/jpeg', size: 3, description: 'A dog', filename: 'a.jpg' });
  });

  it('PUTs the file to the store with the signed headers, without the token, reporting progress', async () => {
    const progress: number[] = [];
    const file = new Blob(['abc'], { type: 'image/jpeg' });
    const put = directApi().uploads.put(upload, file, (fraction) => progress.push(fraction));
    const xhr = FakeXhr.last;
    expect([xhr.method, xhr.url]).toEqual(['PUT', upload.url]);
    // The browser sets Content-Length itself, and refuses a script that tries.
    expect(xhr.headers).toEqual({ 'Content-Type': 'image/jpeg' });
    expect(xhr.sent).toBe(file);
    xhr.progress(1, 3);
    xhr.respond(200);
    await put;
    expect(progress).toEqual([1 / 3, 1]);
  });

  it('explains a refused or unreachable store in the same words', async () => {
    const api = directApi();
    const refused = api.uploads.put(upload, new Blob(['abc']), () => {});
    FakeXhr.last.respond(403, '<Error><Code>SignatureDoesNotMatch</Code></Error>');
    await expect(refused).rejects.toMatchObject({ status: 403, message: STORAGE_MESSAGE });

    const unreachable = api.uploads.put(upload, new Blob(['abc']), () => {});
    FakeXhr.last.fail();
    await expect(unreachable).rejects.toMatchObject({ status: 0, message: STORAGE_MESSAGE });
  });

  it('completes into the attachment, still processing, as POST /api/v2/media answers', async () => {
    const fetchImpl = vi.fn(async (_url: string, _init: RequestInit) => jsonResponse({ id: '7', url: null }, { status: 202 }));
    const api = directApi(fetchImpl as unknown as typeof fetch);
    await expect(api.uploads.complete('42')).resolves.toEqual({ media: { id: '7', url: null }, processing: true });
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect([init.method, url]).toEqual(['POST', 'https://social.test/api/graminsta/v1/uploads/42/complete']);
  });

  it("passes on the server's words for a refused upload (422) and an unreachable store (503)", async () => {
    const fetchImpl = vi
      .fn()
      .mockResolvedValueOnce(jsonResponse({ error: 'Validation failed: Size must be at most 20 MB' }, { status: 422 }))
      .mockResolvedValueOnce(jsonResponse({ error: 'Storage is unavailable; try again later' }, { status: 503 }));
    const api = directApi(fetchImpl as unknown as typeof fetch);
    await expect(api.uploads.create({ content_type: 'image/jpeg', size: 30_000_000 })).rejects.toMatchObject({
      status: 422,
      message: 'Validation failed: Size must be at most 20 MB',
    });
    await expect(api.uploads.complete('42')).rejects.toMatchObject({ status: 503, message: 'Storage is unavailable; try again later' });
  });
});
