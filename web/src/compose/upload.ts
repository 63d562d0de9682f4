// How one photo reaches the server. Straight to the object store when the server offers direct
// uploads (decision 0009: ask for a presigned URL, PUT the file there, complete), through
// POST /api/v2/media otherwise. Either way the queue gets the same attachment back and goes on to
// wait for its processing.
import type { Api, Instance, NewUpload, Uploaded } from '../api/client';
import { sniffImageType, type QueueDeps } from './queue';

export type UploadApi = Pick<Api, 'instance' | 'uploads'> & { media: Pick<Api['media'], 'upload'> };

/** Only an explicit `true` turns direct uploads on: Mastodon, and older Graminsta, say nothing. */
export function offersDirectUploads(instance: Instance): boolean {
  return instance.configuration?.graminsta?.direct_uploads === true;
}

/** What the server is told about a photo before the photo goes to the store. */
export async function newUpload(file: Blob, name: string, description: string): Promise<NewUpload> {
  // The type the bytes declare (as the queue checked it), whatever the file's name suggests: the
  // store accepts only the type that was signed.
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const upload: NewUpload = { content_type: sniffImageType(head) ?? file.type, size: file.size, filename: name };
  if (description) {
    upload.description = description;
  }
  return upload;
}

async function uploadDirectly(
  api: UploadApi,
  file: Blob,
  name: string,
  description: string,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<Uploaded> {
  const upload = await api.uploads.create(await newUpload(file, name, description), signal);
  await api.uploads.put(upload, file, onProgress, signal);
  return api.uploads.complete(upload.id, signal);
}

/**
 * The upload function of one compose screen. It asks the instance once, at once, so the answer
 * is in before the first photo goes; when the instance cannot be asked, photos take the path
 * every server accepts.
 */
export function createUploader(api: UploadApi): QueueDeps['upload'] {
  const direct = api.instance().then(offersDirectUploads, () => false);
  return (file, name, description, onProgress) => {
    const controller = new AbortController();
    const { signal } = controller;
    const promise = direct.then((offered) =>
      offered
        ? uploadDirectly(api, file, name, description, onProgress, signal)
        : api.media.upload(file, name, description, onProgress, signal),
    );
    return { promise, abort: () => controller.abort() };
  };
}
