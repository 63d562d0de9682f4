import { describe, expect, it, vi } from 'vitest';
import { ApiError, type MediaAttachment } from '../api/client';
import { checkFile, ComposeQueue, MAX_PHOTOS, sniffImageType, UploadFailed, type QueueDeps } from './queue';

const JPEG = [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const limits = { maxBytes: 1000, types: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] };

function photo(name: string, bytes: number[] = JPEG, size = 100): File {
  const body = new Uint8Array(Math.max(size, bytes.length));
  body.set(bytes);
  return new File([body], name, { type: 'image/jpeg' });
}

function media(id: string, url: string | null = `https://cdn.test/${id}.jpg`): MediaAttachment {
  return { id, type: 'image', url, preview_url: url, meta: null, description: null, blurhash: null };
}

function deps(overrides: Partial<QueueDeps> = {}): QueueDeps {
  let id = 0;
  return {
    upload: vi.fn((_file, _name, _description, onProgress) => {
      onProgress(0.5);
      return { promise: Promise.resolve({ media: media(String(++id)), processing: false }), abort: vi.fn() };
    }),
    media: vi.fn(async (mediaId: string) => ({ media: media(mediaId), processing: false })),
    preview: vi.fn((file: Blob) => `blob:${(file as File).name}`),
    revoke: vi.fn(),
    sleep: vi.fn(async () => {}),
    ...overrides,
  };
}

describe('checking picked files', () => {
  it('recognises images by their first bytes', () => {
    expect(sniffImageType(new Uint8Array(JPEG))).toBe('image/jpeg');
    expect(sniffImageType(new Uint8Array(PNG))).toBe('image/png');
    expect(sniffImageType(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]))).toBe('image/gif');
    expect(sniffImageType(new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50]))).toBe('image/webp');
    expect(sniffImageType(new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63]))).toBe('image/heic');
    expect(sniffImageType(new TextEncoder().encode('hello, world'))).toBeNull();
  });

  it('refuses a text file named .jpg, saying which file and what to pick', async () => {
    const text = new File(['just some notes, not a photo'], 'notes.jpg', { type: 'image/jpeg' });
    expect(await checkFile(text, limits)).toBe('“notes.jpg” is not a photo Graminsta can read. Choose a JPEG, PNG, WebP or GIF image.');
  });

  it('refuses empty, oversized and unsupported images', async () => {
    expect(await checkFile(new File([], 'empty.jpg'), limits)).toMatch(/empty/);
    expect(await checkFile(photo('big.jpg', JPEG, 5000), { ...limits, maxBytes: 1024 * 1024 })).toBeNull();
    expect(await checkFile(photo('big.jpg', JPEG, 5000), limits)).toMatch(/too large/);
    const heic = photo('iphone.heic', [0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63]);
    expect(await checkFile(heic, limits)).toMatch(/HEIC image, which Graminsta does not take yet/);
  });
});

describe('the compose queue', () => {
  it('adds good photos and explains the rest', async () => {
    const queue = new ComposeQueue(deps(), limits);
    const rejected = await queue.add([photo('a.jpg'), new File(['text'], 'b.jpg'), photo('c.png', PNG)]);
    expect(queue.items.map((item) => item.name)).toEqual(['a.jpg', 'c.png']);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toContain('“b.jpg”');
  });

  it('takes at most ten photos', async () => {
    const queue = new ComposeQueue(deps(), limits);
    const rejected = await queue.add(Array.from({ length: 12 }, (_, i) => photo(`${i}.jpg`)));
    expect(queue.items).toHaveLength(MAX_PHOTOS);
    expect(rejected).toEqual([expect.stringContaining('“10.jpg” was left out'), expect.stringContaining('“11.jpg”')]);
  });

  it('reorders within bounds and frees previews of removed photos', async () => {
    const d = deps();
    const queue = new ComposeQueue(d, limits);
    await queue.add([photo('a.jpg'), photo('b.jpg'), photo('c.jpg')]);
    const [a, b, c] = queue.items.map((item) => item.key);
    queue.move(c!, -1);
    expect(queue.items.map((item) => item.name)).toEqual(['a.jpg', 'c.jpg', 'b.jpg']);
    queue.move(a!, -1);
    queue.move(b!, +5);
    expect(queue.items.map((item) => item.name)).toEqual(['a.jpg', 'c.jpg', 'b.jpg']);
    queue.remove(a!);
    expect(d.revoke).toHaveBeenCalledWith('blob:a.jpg');
    expect(queue.items.map((item) => item.name)).toEqual(['c.jpg', 'b.jpg']);
  });

  it('uploads each photo with its alt text and returns ids in the post order', async () => {
    const d = deps();
    const queue = new ComposeQueue(d, limits);
    await queue.add([photo('a.jpg'), photo('b.jpg')]);
    queue.describe(queue.items[1]!.key, '  A dog on a beach ');
    queue.move(queue.items[1]!.key, -1);
    const progress: number[][] = [];
    queue.subscribe((items) => progress.push(items.map((item) => item.progress)));
    const ids = await queue.uploadAll(1);
    expect(d.upload).toHaveBeenNthCalledWith(1, expect.anything(), 'b.jpg', 'A dog on a beach', expect.any(Function));
    expect(ids).toEqual(['1', '2']);
    expect(queue.items.every((item) => item.state === 'uploaded' && item.progress === 1)).toBe(true);
    expect(progress.some((fractions) => fractions.includes(0.5))).toBe(true);
  });

  it('waits for photos the server is still processing', async () => {
    const processingOnce = vi
      .fn()
      .mockResolvedValueOnce({ media: media('1', null), processing: true })
      .mockResolvedValueOnce({ media: media('1'), processing: false });
    const d = deps({
      upload: vi.fn(() => ({ promise: Promise.resolve({ media: media('1', null), processing: true }), abort: vi.fn() })),
      media: processingOnce,
    });
    const queue = new ComposeQueue(d, limits);
    await queue.add([photo('a.jpg')]);
    expect(await queue.uploadAll()).toEqual(['1']);
    expect(processingOnce).toHaveBeenCalledTimes(2);
    expect(d.sleep).toHaveBeenCalled();
  });

  it('marks a photo the server refuses, keeps the others, and uploads only that one again', async () => {
    let calls = 0;
    const d = deps({
      upload: vi.fn(() => {
        calls++;
        const promise =
          calls === 2
            ? Promise.reject(new ApiError(422, 'Validation failed: File is not a supported image'))
            : Promise.resolve({ media: media(String(calls)), processing: false });
        return { promise, abort: vi.fn() };
      }),
    });
    const queue = new ComposeQueue(d, limits);
    await queue.add([photo('a.jpg'), photo('b.jpg')]);
    await expect(queue.uploadAll(1)).rejects.toBeInstanceOf(UploadFailed);
    expect(queue.items.map((item) => [item.state, item.error])).toEqual([
      ['uploaded', undefined],
      ['failed', 'Validation failed: File is not a supported image'],
    ]);
    expect(await queue.uploadAll(1)).toEqual(['1', '3']);
    expect(d.upload).toHaveBeenCalledTimes(3);
  });

  it('uploads a photo again when its alt text changed after the upload', async () => {
    const d = deps();
    const queue = new ComposeQueue(d, limits);
    await queue.add([photo('a.jpg')]);
    await queue.uploadAll();
    queue.describe(queue.items[0]!.key, 'Changed');
    expect(await queue.uploadAll()).toEqual(['2']);
  });

  it('gives up on processing that never ends', async () => {
    const d = deps({
      upload: vi.fn(() => ({ promise: Promise.resolve({ media: media('1', null), processing: true }), abort: vi.fn() })),
      media: vi.fn(async () => ({ media: media('1', null), processing: true })),
    });
    const queue = new ComposeQueue(d, limits);
    await queue.add([photo('a.jpg')]);
    await expect(queue.uploadAll()).rejects.toBeInstanceOf(UploadFailed);
    expect(queue.items[0]!.error).toMatch(/too long/);
  });
});
