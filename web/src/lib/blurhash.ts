// Blurhash placeholders: a few dozen characters from the server become a blurred preview drawn on
// a small canvas (no data: URLs, so the Content Security Policy needs none) while the photo loads.
import { decode, isBlurhashValid } from 'blurhash';

/** Decoded at this size and stretched by CSS: a blur needs few pixels. */
export const PLACEHOLDER_SIZE = 32;

export function blurhashPixels(hash: string | null | undefined, width = PLACEHOLDER_SIZE, height = PLACEHOLDER_SIZE): Uint8ClampedArray | null {
  if (!hash || !isBlurhashValid(hash).result) {
    return null;
  }
  try {
    return decode(hash, width, height);
  } catch {
    return null;
  }
}

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';

/** The hash's average colour as #rrggbb (its DC component), for a background before decoding. */
export function averageColor(hash: string | null | undefined): string | null {
  if (!hash || hash.length < 6) {
    return null;
  }
  let value = 0;
  for (const char of hash.slice(2, 6)) {
    const digit = DIGITS.indexOf(char);
    if (digit < 0) return null;
    value = value * 83 + digit;
  }
  return `#${value.toString(16).padStart(6, '0')}`;
}

export function drawBlurhash(canvas: HTMLCanvasElement, hash: string | null | undefined): boolean {
  const pixels = blurhashPixels(hash);
  const context = pixels && canvas.getContext('2d');
  if (!pixels || !context) {
    return false;
  }
  canvas.width = PLACEHOLDER_SIZE;
  canvas.height = PLACEHOLDER_SIZE;
  const image = context.createImageData(PLACEHOLDER_SIZE, PLACEHOLDER_SIZE);
  image.data.set(pixels);
  context.putImageData(image, 0, 0);
  return true;
}
