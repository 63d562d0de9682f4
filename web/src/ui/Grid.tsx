import type { Status } from '../api/entities';
import { Link } from '../app/router';
import { paths } from '../app/routes';
import { useStore } from '../lib/store';
import { photoAlt } from '../post/Carousel';
import { concealment, revealedPosts } from '../post/sensitive';
import { EyeOffIcon, LayersIcon } from './icons';
import { Photo } from './Photo';

/** Posts as a grid of square thumbnails (profiles, explore, hashtags); sensitive ones stay blurred. */
export function Grid({ statuses, label }: { statuses: Status[]; label: string }) {
  const withPhotos = statuses.filter((status) => status.media_attachments.length > 0 && !status.in_reply_to_id);
  const revealed = useStore(revealedPosts);
  return (
    <ul class="grid" aria-label={label}>
      {withPhotos.map((status, index) => {
        const hidden = concealment(status, revealed);
        return (
          <li key={status.id}>
            <Link href={paths.post(status.account.acct, status.id)} class="grid-item">
              <Photo media={status.media_attachments[0]!} alt={photoAlt(status, 0)} aspect={1} thumbnail eager={index < 6} concealed={hidden.photos} />
              {hidden.photos && (
                <span class="grid-concealed">
                  <EyeOffIcon size={24} />
                  <span class="sr-only">
                    Hidden photo by {status.account.acct}. Content warning: {hidden.warning}
                  </span>
                </span>
              )}
              {status.media_attachments.length > 1 && (
                <span class="grid-badge">
                  <LayersIcon size={18} />
                  <span class="sr-only">, {status.media_attachments.length} photos</span>
                </span>
              )}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
