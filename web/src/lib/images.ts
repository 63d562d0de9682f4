// Picking the right variant of a photo. Graminsta makes a 1080-wide feed image (`url`, sized in
// `meta.original`), a 640-wide one (`meta.medium`, with its own `url`, which Mastodon has no field
// for), a preview of the photo's own shape in about 230,400 pixels (`preview_url`, sized in
// `meta.small`, as Mastodon defines both) and a square grid thumbnail (`meta.square`, with its `url`).
import type { ImageSize, MediaAttachment } from '../api/entities';

export const FEED_WIDTH = 1080;
export const SMALL_WIDTH = 640;

/** Instagram's bounds: nothing taller than 4:5 or wider than 1.91:1 takes more room in a feed. */
export const MIN_ASPECT = 4 / 5;
export const MAX_ASPECT = 1.91;

export interface ResponsiveImage {
  src: string;
  srcset: string;
  width: number;
  height: number;
}

function aspectOf(size: ImageSize | undefined): number | null {
  if (!size) return null;
  if (size.width && size.height) return size.width / size.height;
  return size.aspect && size.aspect > 0 ? size.aspect : null;
}

/** The photo's width / height as the server measured it, or square when it did not say. */
export function aspectRatio(media: MediaAttachment): number {
  const meta = media.meta ?? {};
  return aspectOf(meta.original) ?? aspectOf(meta.medium) ?? 1;
}

/** The aspect ratio of the photo's box in a feed, clamped as Instagram does. */
export function feedAspectRatio(media: MediaAttachment): number {
  return Math.min(MAX_ASPECT, Math.max(MIN_ASPECT, aspectRatio(media)));
}

/**
 * `srcset` candidates from the variants the server names: the feed image at its width, the
 * preview (`preview_url`, sized by `meta.small`) and any other variant of the same shape whose
 * meta entry carries its own URL (Graminsta's `meta.medium`). Unknown widths fall back to the
 * nominal ones.
 */
export function responsiveImage(media: MediaAttachment): ResponsiveImage | null {
  if (!media.url) {
    return null;
  }
  const meta = media.meta ?? {};
  const feedWidth = meta.original?.width ?? FEED_WIDTH;
  const ratio = aspectRatio(media);
  const candidates = new Map<string, number>();
  for (const name of ['medium', 'small']) {
    const variant = meta[name];
    // `preview_url` is the file `meta.small` sizes, as in Mastodon.
    const url = variant?.url ?? (name === 'small' ? media.preview_url : null);
    const variantAspect = aspectOf(variant);
    // A square crop (an older server's preview) is cut differently: only variants of the photo's
    // shape qualify, and a preview only when its shape is known.
    const sameShape = variantAspect === null ? name === 'medium' : Math.abs(variantAspect - ratio) < 0.02;
    if (variant && url && url !== media.url && sameShape) {
      candidates.set(url, variant.width ?? SMALL_WIDTH);
    }
  }
  candidates.set(media.url, feedWidth);
  const srcset = [...candidates].sort((a, b) => a[1] - b[1]).map(([url, width]) => `${url} ${width}w`).join(', ');
  return { src: media.url, srcset, width: feedWidth, height: Math.round(feedWidth / ratio) };
}

/**
 * The square crop for grids: Graminsta's `meta.square`. A server without one (any Mastodon) gets
 * its `preview_url`, which the grid then covers its square with.
 */
export function squareUrl(media: MediaAttachment): string | null {
  return media.meta?.square?.url ?? media.preview_url ?? media.url;
}

/** `sizes` for a photo that fills the feed column: the viewport on phones, at most 470 px after. */
export const FEED_SIZES = '(max-width: 500px) 100vw, 470px';
/** `sizes` for a post page photo. */
export const POST_SIZES = '(max-width: 700px) 100vw, 600px';
