import { useEffect, useRef, useState } from 'preact/hooks';
import type { Status } from '../api/entities';
import { feedAspectRatio } from '../lib/images';
import { ChevronLeftIcon, ChevronRightIcon, EyeOffIcon, HeartFilledIcon } from '../ui/icons';
import { Photo } from '../ui/Photo';
import { reveal, useConcealment } from './sensitive';

const DOUBLE_TAP_MS = 300;
const DOUBLE_TAP_DISTANCE = 40;

export function photoAlt(status: Status, index: number): string {
  const description = status.media_attachments[index]?.description?.trim();
  if (description) return description;
  const total = status.media_attachments.length;
  return total > 1 ? `Photo ${index + 1} of ${total} by ${status.account.acct}` : `Photo by ${status.account.acct}`;
}

interface CarouselProps {
  status: Status;
  sizes: string;
  eager?: boolean;
  feed?: boolean;
  /** Double tap (or double click) on a photo: Instagram's "like". */
  onDoubleTap?: () => void;
}

/** One or more photos, swiped (touch), scrolled, or stepped with buttons and arrow keys. */
export function Carousel({ status, sizes, eager, feed, onDoubleTap }: CarouselProps) {
  const media = status.media_attachments;
  const track = useRef<HTMLUListElement>(null);
  const [index, setIndex] = useState(0);
  const [burst, setBurst] = useState(0);
  const lastTap = useRef<{ time: number; x: number; y: number } | null>(null);
  const hidden = useConcealment(status);
  // "Show" disappears with the cover: focus goes on to the photos that replace it.
  const showPressed = useRef(false);
  useEffect(() => {
    if (!hidden.photos && showPressed.current) {
      showPressed.current = false;
      track.current?.focus({ preventScroll: true });
    }
  }, [hidden.photos]);
  if (!media.length) return null;
  const aspect = feedAspectRatio(media[0]!);

  if (hidden.photos) {
    const show = () => {
      showPressed.current = true;
      reveal(status.id);
    };
    return <SensitiveCover status={status} aspect={aspect} warning={hidden.warning} onShow={show} />;
  }

  const go = (to: number) => {
    const element = track.current;
    if (!element) return;
    const target = Math.max(0, Math.min(media.length - 1, to));
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    element.scrollTo({ left: target * element.clientWidth, behavior: reduce ? 'auto' : 'smooth' });
    setIndex(target);
  };

  const onPointerUp = (event: PointerEvent) => {
    if (!onDoubleTap) return;
    const now = event.timeStamp;
    const last = lastTap.current;
    if (last && now - last.time < DOUBLE_TAP_MS && Math.hypot(event.clientX - last.x, event.clientY - last.y) < DOUBLE_TAP_DISTANCE) {
      lastTap.current = null;
      setBurst((n) => n + 1);
      onDoubleTap();
    } else {
      lastTap.current = { time: now, x: event.clientX, y: event.clientY };
    }
  };

  return (
    <div
      class="carousel"
      role={media.length > 1 ? 'region' : undefined}
      aria-roledescription={media.length > 1 ? 'carousel' : undefined}
      aria-label={media.length > 1 ? `${media.length} photos` : undefined}
    >
      <ul
        ref={track}
        class="carousel-track"
        tabIndex={media.length > 1 ? 0 : -1}
        onScroll={(event) => {
          const element = event.currentTarget;
          setIndex(Math.round(element.scrollLeft / Math.max(1, element.clientWidth)));
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowRight') {
            event.preventDefault();
            go(index + 1);
          } else if (event.key === 'ArrowLeft') {
            event.preventDefault();
            go(index - 1);
          }
        }}
        onPointerUp={onPointerUp}
      >
        {media.map((attachment, i) => (
          <li
            key={attachment.id}
            class="carousel-slide"
            aria-roledescription={media.length > 1 ? 'slide' : undefined}
            aria-label={media.length > 1 ? `${i + 1} of ${media.length}` : undefined}
          >
            <Photo media={attachment} alt={photoAlt(status, i)} aspect={aspect} sizes={sizes} eager={eager && i === 0} feed={feed && i === 0} />
          </li>
        ))}
      </ul>
      {burst > 0 && (
        <span key={burst} class="like-burst" aria-hidden="true">
          <HeartFilledIcon size={96} />
        </span>
      )}
      {media.length > 1 && (
        <>
          {index > 0 && (
            <button type="button" class="carousel-button previous" aria-label="Previous photo" onClick={() => go(index - 1)}>
              <ChevronLeftIcon size={18} />
            </button>
          )}
          {index < media.length - 1 && (
            <button type="button" class="carousel-button next" aria-label="Next photo" onClick={() => go(index + 1)}>
              <ChevronRightIcon size={18} />
            </button>
          )}
          <div class="carousel-dots" aria-hidden="true">
            {media.map((attachment, i) => (
              <span key={attachment.id} class={i === index ? 'dot is-current' : 'dot'} />
            ))}
          </div>
          <p class="sr-only" aria-live="polite">
            Photo {index + 1} of {media.length}
          </p>
        </>
      )}
    </div>
  );
}

/** A sensitive post's photos before they are revealed: the first one's blurhash, the warning and a button. */
function SensitiveCover({ status, aspect, warning, onShow }: { status: Status; aspect: number; warning: string; onShow: () => void }) {
  const media = status.media_attachments;
  const warningId = `warning-${status.id}`;
  return (
    <div class="carousel is-concealed">
      <Photo media={media[0]!} alt="" aspect={aspect} concealed />
      <div class="sensitive-cover">
        <EyeOffIcon size={32} />
        <p id={warningId} class="sensitive-warning">
          <span class="sr-only">Content warning: </span>
          {warning}
        </p>
        <p class="sensitive-hint">{media.length > 1 ? `${media.length} photos hidden` : 'Photo hidden'}</p>
        <button type="button" class="button secondary" aria-describedby={warningId} onClick={onShow}>
          Show
        </button>
      </div>
    </div>
  );
}
