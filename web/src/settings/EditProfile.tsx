import { useEffect, useState } from 'preact/hooks';
import { navigate } from '../app/router';
import { paths } from '../app/routes';
import { api, session, toast } from '../app/services';
import { checkFile, DEFAULT_MAX_BYTES, DEFAULT_TYPES } from '../compose/queue';
import { messageOf } from '../lib/paged';
import { Avatar, PageTitle } from '../ui/misc';

export const DISPLAY_NAME_MAX = 30;
export const BIO_MAX = 500;

export function EditProfile() {
  const account = session.account!;
  const [displayName, setDisplayName] = useState(account.display_name);
  const [note, setNote] = useState(account.source?.note ?? '');
  const [locked, setLocked] = useState(account.locked);
  const [avatar, setAvatar] = useState<File | null>(null);
  const [avatarPreview, setAvatarPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => () => void (avatarPreview && URL.revokeObjectURL(avatarPreview)), [avatarPreview]);

  const pickAvatar = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const problem = await checkFile(file, { maxBytes: Math.min(DEFAULT_MAX_BYTES, 10 * 1024 * 1024), types: DEFAULT_TYPES });
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    setAvatar(file);
    setAvatarPreview(URL.createObjectURL(file));
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const updated = await api.accounts.updateCredentials({
        display_name: displayName.trim(),
        note: note.trim(),
        locked,
        avatar: avatar ?? undefined,
      });
      session.setAccount(updated);
      toast('Profile saved.');
      navigate(paths.profile(updated.acct));
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="settings-form" onSubmit={(event) => void save(event)}>
      <PageTitle>Edit profile</PageTitle>
      <div class="avatar-field">
        {avatarPreview ? <img class="avatar" src={avatarPreview} alt="" width={77} height={77} /> : <Avatar account={account} size={77} />}
        <div>
          <p class="strong">{account.acct}</p>
          <input id="avatar-input" class="file-input" type="file" accept={DEFAULT_TYPES.join(',')} onChange={(event) => void pickAvatar(event.currentTarget)} />
          <label for="avatar-input" class="link-button strong">
            Change profile photo
          </label>
        </div>
      </div>
      <div class="field">
        <label for="display-name">Name</label>
        <input id="display-name" type="text" maxLength={DISPLAY_NAME_MAX} value={displayName} autoComplete="name" onInput={(event) => setDisplayName(event.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="bio">Bio</label>
        <textarea id="bio" rows={4} maxLength={BIO_MAX} value={note} aria-describedby="bio-count" onInput={(event) => setNote(event.currentTarget.value)} />
        <p id="bio-count" class="hint counter">
          {note.length} / {BIO_MAX}
        </p>
      </div>
      <div class="field switch-field">
        <input id="locked" type="checkbox" role="switch" checked={locked} onChange={(event) => setLocked(event.currentTarget.checked)} aria-describedby="locked-hint" />
        <label for="locked">Private account</label>
        <p id="locked-hint" class="hint">
          Only people you approve can follow you and see your followers-only posts.
        </p>
      </div>
      {error && <p class="field-error" role="alert">{error}</p>}
      <button type="submit" class="button" disabled={saving}>
        {saving ? 'Saving…' : 'Save'}
      </button>
    </form>
  );
}
