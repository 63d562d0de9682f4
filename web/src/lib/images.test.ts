import { describe, expect, it } from 'vitest';
import type { MediaAttachment } from '../api/entities';
import { aspectRatio, feedAspectRatio, responsiveImage, squareUrl } from './images';

function media(overrides: Partial<MediaAttachment>): MediaAttachment {
  return {
    id: '1',
    type: 'image',
    url: 'https://cdn.test/feed.jpg',
    preview_url: 'https://cdn.test/thumb.jpg',
    meta: null,
    description: null,
    blurhash: null,
    ...overrides,
  };
}

describe('responsive images', () => {
  it('offers the preview, 640 and 1080 variants as Graminsta describes them, smallest first', () => {
    const image = responsiveImage(
      media({
        preview_url: 'https://cdn.test/preview.jpg',
        meta: {
          original: { width: 1080, height: 720, size: '1080x720', aspect: 1.5 },
          small: { width: 587, height: 391, size: '587x391', aspect: 1.5013 },
          medium: { width: 640, height: 427, size: '640x427', aspect: 1.4988, url: 'https://cdn.test/medium.jpg' },
          square: { width: 480, height: 480, size: '480x480', aspect: 1, url: 'https://cdn.test/thumb.jpg' },
        },
      }),
    );
    expect(image).toEqual({
      src: 'https://cdn.test/feed.jpg',
      srcset: 'https://cdn.test/preview.jpg 587w, https://cdn.test/medium.jpg 640w, https://cdn.test/feed.jpg 1080w',
      width: 1080,
      height: 720,
    });
  });

  it('never offers an older server\'s square preview for a photo of another shape', () => {
    const image = responsiveImage(
      media({ meta: { original: { width: 1080, height: 720 }, small: { width: 480, height: 480, size: '480x480', aspect: 1 } } }),
    );
    expect(image?.srcset).toBe('https://cdn.test/feed.jpg 1080w');
  });

  it('never offers the square thumbnail for a photo of another shape', () => {
    const image = responsiveImage(
      media({ meta: { original: { width: 1080, height: 720 }, small: { width: 320, height: 320, url: 'https://cdn.test/thumb.jpg' } } }),
    );
    expect(image?.srcset).toBe('https://cdn.test/feed.jpg 1080w');
  });

  it('uses the feed image alone when no smaller variant has a URL', () => {
    const image = responsiveImage(
      media({ preview_url: null, meta: { original: { width: 800, height: 800 }, small: { width: 640, height: 640 } } }),
    );
    expect(image?.srcset).toBe('https://cdn.test/feed.jpg 800w');
  });

  it('shows grids the square thumbnail, or the preview where a server has none', () => {
    expect(squareUrl(media({ meta: { square: { width: 480, height: 480, url: 'https://cdn.test/square.jpg' } } }))).toBe(
      'https://cdn.test/square.jpg',
    );
    expect(squareUrl(media({ meta: { small: { width: 400, height: 300 } } }))).toBe('https://cdn.test/thumb.jpg');
  });

  it('has nothing to show while the photo is processing', () => {
    expect(responsiveImage(media({ url: null }))).toBeNull();
  });

  it('reads the aspect from sizes or from the aspect field, square when unknown', () => {
    expect(aspectRatio(media({ meta: { original: { width: 1600, height: 900 } } }))).toBeCloseTo(16 / 9);
    expect(aspectRatio(media({ meta: { medium: { aspect: 1.5 } } }))).toBe(1.5);
    expect(aspectRatio(media({ meta: null }))).toBe(1);
  });

  it('clamps the feed box between 4:5 and 1.91:1', () => {
    expect(feedAspectRatio(media({ meta: { original: { width: 1000, height: 3000 } } }))).toBe(0.8);
    expect(feedAspectRatio(media({ meta: { original: { width: 3000, height: 1000 } } }))).toBe(1.91);
  });
});
