// The photos of a post being made: picking (with checks that explain a refusal), reordering,
// alt text, and uploading each with its own progress, then waiting for the server to process them.
import type { Uploaded } from '../api/client';
import { messageOf } from '../lib/paged';

export const MAX_PHOTOS = 10;
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
export const MAX_ALT_TEXT = 1500;

export type ItemState = 'ready' | 'uploading' | 'processing' | 'uploaded' | 'failed';

export interface ComposeItem {
  key: string;
  file: Blob;
  name: string;
  /** An object URL for the preview; revoked when the item goes. */
  previewUrl: string;
  description: string;
  state: ItemState;
  /** Upload progress from 0 to 1. */
  progress: number;
  mediaId?: string;
  /** The alt text the upload carried; a different one means uploading again. */
  uploadedDescription?: string;
  error?: string;
}

export interface QueueLimits {
  maxBytes: number;
  types: readonly string[];
}

export interface UploadHandle {
  promise: Promise<Uploaded>;
  abort(): void;
}

export interface QueueDeps {
  upload(file: Blob, name: string, description: string, onProgress: (fraction: number) => void): UploadHandle;
  media(id: string): Promise<Uploaded>;
  preview(file: Blob): string;
  revoke(url: string): void;
  sleep(ms: number): Promise<void>;
}

/** The image type the file's first bytes declare, whatever its name or claimed type says. */
export function sniffImageType(bytes: Uint8Array): string | null {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) {
    return 'image/webp';
  }
  // ISO BMFF ("....ftyp" + brand): HEIC/HEIF and AVIF.
  if (bytes[4] === 0x66 && bytes[5] === 0x74 && bytes[6] === 0x79 && bytes[7] === 0x70) {
    const brand = String.fromCharCode(...bytes.slice(8, 12));
    if (/^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(brand)) return 'image/heic';
    if (/^avi[fs]$/.test(brand)) return 'image/avif';
  }
  return null;
}

const TYPE_NAMES: Record<string, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
  'image/heic': 'HEIC',
  'image/avif': 'AVIF',
};

function typeList(types: readonly string[]): string {
  const names = types.map((type) => TYPE_NAMES[type] ?? type);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '');
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** Why a picked file cannot be posted, in words for the person who picked it; null if it can. */
export async function checkFile(file: Blob & { name?: string }, limits: QueueLimits): Promise<string | null> {
  const name = file.name ? `“${file.name}”` : 'That file';
  if (file.size === 0) {
    return `${name} is empty.`;
  }
  if (file.size > limits.maxBytes) {
    return `${name} is too large (${megabytes(file.size)}). Photos can be up to ${megabytes(limits.maxBytes)}.`;
  }
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const type = sniffImageType(head);
  if (!type) {
    return `${name} is not a photo Graminsta can read. Choose a ${typeList(limits.types)} image.`;
  }
  if (!limits.types.includes(type)) {
    return `${name} is a ${TYPE_NAMES[type] ?? type} image, which Graminsta does not take yet. Choose a ${typeList(limits.types)} image.`;
  }
  return null;
}

export class UploadFailed extends Error {
  constructor(readonly failed: number) {
    super(failed === 1 ? 'One photo could not be uploaded.' : `${failed} photos could not be uploaded.`);
  }
}

let nextKey = 0;

export class ComposeQueue {
  items: ComposeItem[] = [];
  private listeners = new Set<(items: ComposeItem[]) => void>();
  private aborts = new Map<string, () => void>();

  constructor(
    private readonly deps: QueueDeps,
    private readonly limits: QueueLimits = { maxBytes: DEFAULT_MAX_BYTES, types: DEFAULT_TYPES },
  ) {}

  subscribe(listener: (items: ComposeItem[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(items: ComposeItem[]): void {
    this.items = items;
    for (const listener of this.listeners) listener(items);
  }

  private patch(key: string, changes: Partial<ComposeItem>): void {
    this.set(this.items.map((item) => (item.key === key ? { ...item, ...changes } : item)));
  }

  /** Adds what can be added, in order; returns a message for each file left out. */
  async add(files: readonly (Blob & { name?: string })[]): Promise<string[]> {
    const rejected: string[] = [];
    const accepted: ComposeItem[] = [];
    for (const file of files) {
      const problem = await checkFile(file, this.limits);
      if (problem) {
        rejected.push(problem);
        continue;
      }
      if (this.items.length + accepted.length >= MAX_PHOTOS) {
        rejected.push(`A post can have up to ${MAX_PHOTOS} photos; “${file.name ?? 'a photo'}” was left out.`);
        continue;
      }
      accepted.push({
        key: `photo-${++nextKey}`,
        file,
        name: file.name || 'photo.jpg',
        previewUrl: this.deps.preview(file),
        description: '',
        state: 'ready',
        progress: 0,
      });
    }
    if (accepted.length) {
      this.set([...this.items, ...accepted]);
    }
    return rejected;
  }

  remove(key: string): void {
    const item = this.items.find((candidate) => candidate.key === key);
    if (!item) return;
    this.aborts.get(key)?.();
    this.deps.revoke(item.previewUrl);
    this.set(this.items.filter((candidate) => candidate.key !== key));
  }

  /** Moves a photo by `offset` places (-1 earlier, +1 later), staying within the list. */
  move(key: string, offset: number): void {
    const from = this.items.findIndex((item) => item.key === key);
    const to = Math.max(0, Math.min(this.items.length - 1, from + offset));
    if (from < 0 || from === to) return;
    const items = [...this.items];
    const [item] = items.splice(from, 1);
    items.splice(to, 0, item!);
    this.set(items);
  }

  describe(key: string, description: string): void {
    this.patch(key, { description: description.slice(0, MAX_ALT_TEXT) });
  }

  get busy(): boolean {
    return this.items.some((item) => item.state === 'uploading' || item.state === 'processing');
  }

  clear(): void {
    for (const item of this.items) {
      this.aborts.get(item.key)?.();
      this.deps.revoke(item.previewUrl);
    }
    this.set([]);
  }

  /**
   * Uploads every photo not yet uploaded (with its current alt text), `concurrency` at a time,
   * and waits until the server has processed each. Returns the media ids in the post's order, or
   * throws UploadFailed after marking the photos that failed.
   */
  async uploadAll(concurrency = 2): Promise<string[]> {
    const pending = this.items.filter(
      (item) => item.state !== 'uploaded' || item.uploadedDescription !== item.description.trim(),
    );
    const work = [...pending];
    const worker = async () => {
      for (let item = work.shift(); item; item = work.shift()) {
        await this.uploadOne(item.key);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, worker));
    const failed = this.items.filter((item) => item.state === 'failed').length;
    if (failed) {
      throw new UploadFailed(failed);
    }
    return this.items.map((item) => item.mediaId!);
  }

  private async uploadOne(key: string): Promise<void> {
    const item = this.items.find((candidate) => candidate.key === key);
    if (!item) return;
    const description = item.description.trim();
    this.patch(key, { state: 'uploading', progress: 0, error: undefined, mediaId: undefined });
    try {
      const handle = this.deps.upload(item.file, item.name, description, (progress) => this.patch(key, { progress }));
      this.aborts.set(key, handle.abort);
      let { media, processing } = await handle.promise;
      this.patch(key, { state: processing ? 'processing' : 'uploaded', progress: 1, mediaId: media.id });
      for (let attempt = 0; processing; attempt++) {
        if (attempt >= 60) {
          throw new Error('The server is taking too long to process this photo. Try again.');
        }
        await this.deps.sleep(Math.min(2000, 300 + attempt * 200));
        if (!this.items.some((candidate) => candidate.key === key)) return;
        ({ media, processing } = await this.deps.media(media.id));
      }
      this.patch(key, { state: 'uploaded', uploadedDescription: description });
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') return;
      if (this.items.some((candidate) => candidate.key === key)) {
        this.patch(key, { state: 'failed', error: messageOf(error) });
      }
    } finally {
      this.aborts.delete(key);
    }
  }
}
