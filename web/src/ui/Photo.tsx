import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { MediaAttachment } from '../api/entities';
import { averageColor, drawBlurhash } from '../lib/blurhash';
import { responsiveImage, squareUrl } from '../lib/images';

let firstFeedImageMarked = false;

interface PhotoProps {
  media: MediaAttachment;
  alt: string;
  /** Width / height of the box; the photo covers it. */
  aspect: number;
  sizes?: string;
  /** Use the square grid thumbnail (`meta.square`) instead of the feed variants: only where a square is meant. */
  thumbnail?: boolean;
  /** The first photos of a page: loaded at once and with priority. */
  eager?: boolean;
  /** Marks `graminsta:first-feed-image` on the first feed photo to appear (for speed checks). */
  feed?: boolean;
  /** A sensitive photo not revealed yet: only its blurhash is drawn, the image is never fetched. */
  concealed?: boolean;
}

/** A photo over its blurhash placeholder, fading in once loaded. */
export function Photo({ media, alt, aspect, sizes, thumbnail, eager, feed, concealed }: PhotoProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const image = useRef<HTMLImageElement>(null);
  const [loaded, setLoaded] = useState(false);
  const responsive = thumbnail ? null : responsiveImage(media);
  const src = concealed ? null : thumbnail ? squareUrl(media) : (responsive?.src ?? media.preview_url);

  useLayoutEffect(() => {
    if (image.current?.complete && image.current.naturalWidth > 0) {
      setLoaded(true);
    } else if (canvas.current) {
      drawBlurhash(canvas.current, media.blurhash);
    }
  }, [media.blurhash, src]);

  const onLoad = () => {
    setLoaded(true);
    if (feed && !firstFeedImageMarked) {
      firstFeedImageMarked = true;
      performance.mark('graminsta:first-feed-image');
    }
  };

  return (
    <div class={`photo${loaded && src ? ' is-loaded' : ''}${concealed ? ' is-concealed' : ''}`} style={{ aspectRatio: String(aspect), backgroundColor: averageColor(media.blurhash) ?? undefined }}>
      {!(loaded && src) && <canvas ref={canvas} class="photo-placeholder" aria-hidden="true" />}
      {src && (
        <img
          ref={image}
          src={src}
          srcset={responsive?.srcset || undefined}
          sizes={responsive ? sizes : undefined}
          width={responsive?.width}
          height={responsive?.height}
          alt={alt}
          loading={eager ? 'eager' : 'lazy'}
          decoding="async"
          fetchpriority={eager ? 'high' : undefined}
          draggable={false}
          onLoad={onLoad}
        />
      )}
    </div>
  );
}
