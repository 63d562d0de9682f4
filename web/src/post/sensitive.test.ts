import { describe, expect, it } from 'vitest';
import { concealment, GENERIC_WARNING, hasWarning, reveal, revealedPosts } from './sensitive';

const photo = { id: 'm1', type: 'image' as const, url: 'https://x/1.jpg', preview_url: null, meta: null, description: null, blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj' };
const post = (fields: { sensitive?: boolean; spoiler_text?: string; media?: boolean; id?: string } = {}) => ({
  id: fields.id ?? '1',
  sensitive: fields.sensitive ?? false,
  spoiler_text: fields.spoiler_text ?? '',
  media_attachments: fields.media === false ? [] : [photo],
});

describe('sensitive posts', () => {
  it('shows an ordinary post as it is', () => {
    expect(concealment(post(), new Set())).toEqual({ photos: false, text: false, warning: GENERIC_WARNING });
    expect(hasWarning(post())).toBe(false);
  });

  it('hides the photos of a post marked sensitive, but not its caption', () => {
    expect(concealment(post({ sensitive: true }), new Set())).toEqual({ photos: true, text: false, warning: GENERIC_WARNING });
  });

  it('hides photos and caption behind a content warning, even when not marked sensitive', () => {
    expect(concealment(post({ spoiler_text: '  Spiders  ' }), new Set())).toEqual({ photos: true, text: true, warning: 'Spiders' });
  });

  it('treats a blank warning as no warning', () => {
    expect(hasWarning(post({ spoiler_text: '   ' }))).toBe(false);
  });

  it('shows everything once revealed, and only for that post', () => {
    const revealed = new Set(['1']);
    expect(concealment(post({ sensitive: true, spoiler_text: 'Spiders' }), revealed)).toMatchObject({ photos: false, text: false });
    expect(concealment(post({ id: '2', sensitive: true }), revealed).photos).toBe(true);
  });

  it('hides the text of a comment with a warning, which has no photos', () => {
    expect(concealment(post({ spoiler_text: 'Spoilers', media: false }), new Set())).toMatchObject({ photos: false, text: true });
  });

  it('remembers what was revealed for the rest of the visit', () => {
    reveal('42');
    reveal('42');
    expect(revealedPosts.get().has('42')).toBe(true);
    expect(concealment(post({ id: '42', sensitive: true }), revealedPosts.get()).photos).toBe(false);
  });
});
