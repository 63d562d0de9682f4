import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi, STORAGE_MESSAGE, type DirectUpload, type Instance } from '../api/client';
import { FakeXhr, jsonResponse } from '../api/fakes';
import { ComposeQueue } from './queue';
import { createUploader, newUpload, offersDirectUploads } from './upload';

const JPEG = [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d];
const STORE_URL = 'https://store.test/graminsta/originals/42?X-Amz-Signature=abc';

function photo(name: string, bytes: number[] = JPEG): File {
  return new File([new Uint8Array([...bytes, ...new Array<number>(100).fill(7)])], name, { type: 'image/jpeg' });
}

function instance(graminsta?: { direct_uploads?: boolean }): Instance {
  return { domain: 'social.test', title: 'Graminsta', configuration: graminsta ? { graminsta } : {} };
}

const presigned: DirectUpload = {
  id: '42',
  url: STORE_URL,
  method: 'PUT',
  headers: { 'Content-Type': 'image/jpeg' },
  expires_at: '2030-01-01T00:00:00Z',
};

interface Answers {
  instance: () => Response;
  create: () => Response;
  complete: () => Response;
  /** The store's answer to the PUT; null leaves it waiting. */
  store: ((xhr: FakeXhr) => void) | null;
}

/** A server and a store that answer as told, writing down every request in the order made. */
function network(answers: Partial<Answers> = {}) {
  const answer: Answers = {
    instance: () => jsonResponse(instance({ direct_uploads: true })),
    create: () => jsonResponse(presigned),
    complete: () => jsonResponse({ id: '7', url: null }, { status: 202 }),
    store: (xhr) => {
      xhr.progress(60, 120);
      xhr.respond(200);
    },
    ...answers,
  };
  const requests: string[] = [];
  const bodies: Record<string, unknown> = {};
  const fetchImpl = async (url: string, init: RequestInit) => {
    requests.push(`${init.method} ${url}`);
    const path = new URL(url).pathname;
    if (typeof init.body === 'string') bodies[path] = JSON.parse(init.body);
    if (path === '/api/v2/instance') return answer.instance();
    if (path === '/api/graminsta/v1/uploads') return answer.create();
    if (path === '/api/graminsta/v1/uploads/42/complete') return answer.complete();
    throw new Error(`no such route: ${path}`);
  };
  FakeXhr.answer = (xhr) => {
    requests.push(`${xhr.method} ${xhr.url}`);
    if (xhr.url === STORE_URL) answer.store?.(xhr);
    else xhr.respond(202, { id: '8', url: null });
  };
  const api = createApi({ baseUrl: 'https://social.test', token: () => 't', fetch: fetchImpl as typeof fetch, xhr: FakeXhr.create });
  return { api, requests, bodies };
}

beforeEach(() => FakeXhr.reset());

describe('choosing how a photo is uploaded', () => {
  it('uploads directly only when the instance explicitly offers it', () => {
    expect(offersDirectUploads(instance({ direct_uploads: true }))).toBe(true);
    expect(offersDirectUploads(instance({ direct_uploads: false }))).toBe(false);
    expect(offersDirectUploads(instance({}))).toBe(false);
    expect(offersDirectUploads(instance())).toBe(false);
    expect(offersDirectUploads({ domain: 'mastodon.test', title: 'Mastodon' })).toBe(false);
  });

  it('tells the server the type the bytes declare, the size and the name', async () => {
    const misnamed = photo('screenshot.jpg', PNG);
    expect(await newUpload(misnamed, 'screenshot.jpg', '')).toEqual({
      content_type: 'image/png',
      size: misnamed.size,
      filename: 'screenshot.jpg',
    });
    expect(await newUpload(photo('a.jpg'), 'a.jpg', 'A dog')).toMatchObject({ content_type: 'image/jpeg', description: 'A dog' });
  });
});

describe('uploading a photo', () => {
  it('asks for a presigned URL, puts the file in the store and completes, when offered', async () => {
    const { api, requests, bodies } = network();
    const progress: number[] = [];
    const file = photo('a.jpg');
    const uploaded = await createUploader(api)(file, 'a.jpg', 'A dog', (fraction) => progress.push(fraction)).promise;
    expect(requests).toEqual([
      'GET https://social.test/api/v2/instance',
      'POST https://social.test/api/graminsta/v1/uploads',
      `PUT ${STORE_URL}`,
      'POST https://social.test/api/graminsta/v1/uploads/42/complete',
    ]);
    expect(bodies['/api/graminsta/v1/uploads']).toEqual({ content_type: 'image/jpeg', size: file.size, description: 'A dog', filename: 'a.jpg' });
    expect(FakeXhr.last.headers).toEqual({ 'Content-Type': 'image/jpeg' });
    expect(progress).toEqual([0.5, 1]);
    expect(uploaded).toEqual({ media: { id: '7', url: null }, processing: true });
  });

  it('posts the file to /api/v2/media when the instance does not offer direct uploads', async () => {
    const { api, requests } = network({ instance: () => jsonResponse(instance()) });
    const uploaded = await createUploader(api)(photo('a.jpg'), 'a.jpg', '', () => {}).promise;
    expect(requests).toEqual(['GET https://social.test/api/v2/instance', 'POST https://social.test/api/v2/media']);
    expect(uploaded.media.id).toBe('8');
  });

  it('posts the file to /api/v2/media when the instance cannot be asked', async () => {
    const { api, requests } = network({ instance: () => new Response('Bad gateway', { status: 502 }) });
    const upload = createUploader(api);
    await upload(photo('a.jpg'), 'a.jpg', '', () => {}).promise;
    await upload(photo('b.jpg'), 'b.jpg', '', () => {}).promise;
    expect(requests).toEqual([
      'GET https://social.test/api/v2/instance',
      'POST https://social.test/api/v2/media',
      'POST https://social.test/api/v2/media',
    ]);
  });

  it('stops the transfer to the store when the photo is removed', async () => {
    const { api } = network({ store: null });
    const handle = createUploader(api)(photo('a.jpg'), 'a.jpg', '', () => {});
    await vi.waitFor(() => expect(FakeXhr.made).toHaveLength(1));
    handle.abort();
    await expect(handle.promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(FakeXhr.last.aborted).toBe(true);
  });
});

describe('a direct upload that fails, as the person posting sees it', () => {
  async function failedPhoto(answers: Partial<Answers>): Promise<string | undefined> {
    const { api } = network(answers);
    const queue = new ComposeQueue({
      upload: createUploader(api),
      media: (id) => api.media.get(id),
      preview: () => 'blob:preview',
      revoke: () => {},
      sleep: async () => {},
    });
    await queue.add([photo('a.jpg')]);
    await queue.uploadAll().catch(() => {});
    expect(queue.items[0]!.state).toBe('failed');
    return queue.items[0]!.error;
  }

  it("shows the server's reason for a refused upload", async () => {
    const refused = () => jsonResponse({ error: 'Validation failed: Content type is not supported' }, { status: 422 });
    expect(await failedPhoto({ create: refused })).toBe('Validation failed: Content type is not supported');
    const missing = () => jsonResponse({ error: 'The file never reached storage' }, { status: 422 });
    expect(await failedPhoto({ complete: missing })).toBe('The file never reached storage');
  });

  it('says the store could not take the photo when it refuses or cannot be reached', async () => {
    expect(await failedPhoto({ store: (xhr) => xhr.respond(403, '<Error><Code>AccessDenied</Code></Error>') })).toBe(STORAGE_MESSAGE);
    expect(await failedPhoto({ store: (xhr) => xhr.fail() })).toBe(STORAGE_MESSAGE);
  });

  it("shows the server's message when storage is unavailable", async () => {
    const unavailable = () => jsonResponse({ error: 'Storage is unavailable. Try again in a moment.' }, { status: 503 });
    expect(await failedPhoto({ create: unavailable })).toBe('Storage is unavailable. Try again in a moment.');
  });
});
