import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Visibility } from '../api/entities';
import { navigate } from '../app/router';
import { api, session, toast } from '../app/services';
import { homeTimeline, publishStatus } from '../feed/statuses';
import { randomId } from '../lib/ids';
import { messageOf } from '../lib/paged';
import { useSubscription } from '../lib/store';
import { ArrowDownIcon, ArrowUpIcon, CameraIcon, CloseIcon, ImageIcon } from '../ui/icons';
import { PageTitle } from '../ui/misc';
import { ComposeQueue, DEFAULT_TYPES, MAX_ALT_TEXT, MAX_PHOTOS, UploadFailed, type ComposeItem } from './queue';
import { createUploader } from './upload';
import { CAPTION_MAX, CONTENT_WARNING_MAX, newStatus } from './post';

const STATE_TEXT: Record<ComposeItem['state'], string> = {
  ready: '',
  uploading: 'Uploading…',
  processing: 'Processing…',
  uploaded: 'Uploaded',
  failed: 'Upload failed',
};

function newQueue() {
  return new ComposeQueue({
    upload: createUploader(api),
    media: (id) => api.media.get(id),
    preview: (file) => URL.createObjectURL(file),
    revoke: (url) => URL.revokeObjectURL(url),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
}

export function Compose() {
  const queue = useMemo(newQueue, []);
  const items = useSubscription(queue, () => queue.items);
  const [rejected, setRejected] = useState<string[]>([]);
  const [caption, setCaption] = useState('');
  const account = session.account;
  const [visibility, setVisibility] = useState<Visibility>(
    account?.source?.privacy === 'private' || account?.locked ? 'private' : 'public',
  );
  const [sensitive, setSensitive] = useState(Boolean(account?.source?.sensitive));
  const [contentWarning, setContentWarning] = useState('');
  const [sharing, setSharing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [idempotencyKey] = useState(randomId);

  useEffect(() => () => queue.clear(), [queue]);

  const addFiles = async (input: HTMLInputElement) => {
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (!files.length) return;
    setRejected(await queue.add(files));
  };

  const share = async (event: Event) => {
    event.preventDefault();
    if (!items.length || sharing) return;
    setSharing(true);
    setError(null);
    try {
      const mediaIds = await queue.uploadAll();
      const status = await api.statuses.create(
        newStatus({ caption, mediaIds, visibility, sensitive, contentWarning }),
        idempotencyKey,
      );
      homeTimeline().prepend(status);
      publishStatus(status);
      queue.clear();
      toast('Your post is shared.');
      void session.refreshAccount().catch(() => {});
      navigate('/');
    } catch (failure) {
      setError(
        failure instanceof UploadFailed
          ? `${failure.message} Remove it or try again.`
          : `Could not share the post: ${messageOf(failure)}`,
      );
    } finally {
      setSharing(false);
    }
  };

  const accept = DEFAULT_TYPES.join(',');
  const remaining = MAX_PHOTOS - items.length;

  return (
    <form class="compose" onSubmit={(event) => void share(event)} aria-busy={sharing}>
      <PageTitle>New post</PageTitle>

      {remaining > 0 && (
        <div class={items.length ? 'pickers compact' : 'pickers'}>
          <input
            id="pick-photos"
            class="file-input"
            type="file"
            accept={accept}
            multiple
            disabled={sharing}
            onChange={(event) => void addFiles(event.currentTarget)}
          />
          <label for="pick-photos" class="button">
            <ImageIcon size={20} /> {items.length ? 'Add more photos' : 'Choose photos'}
          </label>
          <input
            id="take-photo"
            class="file-input"
            type="file"
            accept="image/*"
            capture="environment"
            disabled={sharing}
            onChange={(event) => void addFiles(event.currentTarget)}
          />
          <label for="take-photo" class="button secondary">
            <CameraIcon size={20} /> Take a photo
          </label>
          <p class="hint">Up to {MAX_PHOTOS} photos: JPEG, PNG, WebP or GIF.</p>
        </div>
      )}

      {rejected.length > 0 && (
        <div class="error-note" role="alert">
          {rejected.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}

      {items.length > 0 && (
        <ol class="compose-photos" aria-label="Photos in this post">
          {items.map((item, index) => (
            <li key={item.key} class={`compose-photo is-${item.state}`}>
              <img src={item.previewUrl} alt={`Preview of photo ${index + 1}`} class="compose-preview" />
              <div class="compose-photo-fields">
                <label for={`alt-${item.key}`}>
                  Alt text for photo {index + 1}
                  <span class="hint"> — describe it for people who can't see it</span>
                </label>
                <textarea
                  id={`alt-${item.key}`}
                  rows={2}
                  maxLength={MAX_ALT_TEXT}
                  value={item.description}
                  disabled={sharing}
                  onInput={(event) => queue.describe(item.key, event.currentTarget.value)}
                />
                {(item.state === 'uploading' || item.state === 'processing' || item.state === 'uploaded') && (
                  <div class="upload-progress">
                    <progress
                      max={1}
                      value={item.state === 'processing' ? undefined : item.progress}
                      aria-label={`Upload of photo ${index + 1}`}
                    />
                    <span class="hint">{STATE_TEXT[item.state]}</span>
                  </div>
                )}
                {item.error && (
                  <p class="field-error" role="alert">
                    Photo {index + 1}: {item.error}
                  </p>
                )}
              </div>
              <div class="compose-photo-actions">
                <button type="button" class="icon-button small" aria-label={`Move photo ${index + 1} earlier`} disabled={index === 0 || sharing} onClick={() => queue.move(item.key, -1)}>
                  <ArrowUpIcon size={18} />
                </button>
                <button type="button" class="icon-button small" aria-label={`Move photo ${index + 1} later`} disabled={index === items.length - 1 || sharing} onClick={() => queue.move(item.key, 1)}>
                  <ArrowDownIcon size={18} />
                </button>
                <button type="button" class="icon-button small" aria-label={`Remove photo ${index + 1}`} disabled={sharing && item.state !== 'failed'} onClick={() => queue.remove(item.key)}>
                  <CloseIcon size={18} />
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}

      <div class="field">
        <label for="caption">Caption</label>
        <textarea
          id="caption"
          rows={4}
          maxLength={CAPTION_MAX}
          value={caption}
          placeholder="Write a caption… #hashtags and @mentions work"
          aria-describedby="caption-count"
          onInput={(event) => setCaption(event.currentTarget.value)}
        />
        <p id="caption-count" class="hint counter">
          {caption.length.toLocaleString()} / {CAPTION_MAX.toLocaleString()}
        </p>
      </div>

      <div class="field checkbox-field">
        <input
          id="sensitive"
          type="checkbox"
          checked={sensitive || contentWarning.trim() !== ''}
          disabled={sharing || contentWarning.trim() !== ''}
          aria-describedby="sensitive-hint"
          onChange={(event) => setSensitive(event.currentTarget.checked)}
        />
        <label for="sensitive">Mark as sensitive</label>
        <p id="sensitive-hint" class="hint">
          The photos are blurred until someone chooses to see them{contentWarning.trim() ? ', as they are behind a content warning' : ''}.
        </p>
      </div>

      <div class="field">
        <label for="content-warning">
          Content warning <span class="hint">(optional)</span>
        </label>
        <input
          id="content-warning"
          type="text"
          maxLength={CONTENT_WARNING_MAX}
          value={contentWarning}
          disabled={sharing}
          placeholder="Shown instead of the post until someone chooses to see it"
          aria-describedby="content-warning-count"
          onInput={(event) => setContentWarning(event.currentTarget.value)}
        />
        <p id="content-warning-count" class="hint counter">
          {contentWarning.length.toLocaleString()} / {CONTENT_WARNING_MAX.toLocaleString()}
        </p>
      </div>

      <div class="field">
        <label for="visibility">Who can see this post</label>
        <select id="visibility" value={visibility} onChange={(event) => setVisibility(event.currentTarget.value as Visibility)}>
          <option value="public">Everyone</option>
          <option value="unlisted">Everyone, but not in Explore or hashtags</option>
          <option value="private">Followers only</option>
        </select>
      </div>

      {error && <p class="field-error" role="alert">{error}</p>}

      <button type="submit" class="button wide" disabled={!items.length || sharing}>
        {sharing ? 'Sharing…' : 'Share'}
      </button>
    </form>
  );
}
