import type { Status } from '../api/entities';
import { Link } from '../app/router';
import { paths } from '../app/routes';
import { photoAlt } from '../post/Carousel';
import { LayersIcon } from './icons';
import { Photo } from './Photo';

/** Posts as a grid of square thumbnails (profiles, explore, hashtags). */
export function Grid({ statuses, label }: { statuses: Status[]; label: string }) {
  const withPhotos = statuses.filter((status) => status.media_attachments.length > 0 && !status.in_reply_to_id);
  return (
    <ul class="grid" aria-label={label}>
      {withPhotos.map((status, index) => (
        <li key={status.id}>
          <Link href={paths.post(status.account.acct, status.id)} class="grid-item">
            <Photo media={status.media_attachments[0]!} alt={photoAlt(status, 0)} aspect={1} thumbnail eager={index < 6} />
            {status.media_attachments.length > 1 && (
              <span class="grid-badge">
                <LayersIcon size={18} />
                <span class="sr-only">, {status.media_attachments.length} photos</span>
              </span>
            )}
          </Link>
        </li>
      ))}
    </ul>
  );
}
