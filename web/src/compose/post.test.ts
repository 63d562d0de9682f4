import { describe, expect, it } from 'vitest';
import { CONTENT_WARNING_MAX, newStatus, type PostForm } from './post';

const form = (changes: Partial<PostForm> = {}): PostForm => ({
  caption: ' Hills ',
  mediaIds: ['m1', 'm2'],
  visibility: 'public',
  sensitive: false,
  contentWarning: '',
  ...changes,
});

describe('a new post', () => {
  it('sends caption, photos and visibility, and nothing about sensitivity by default', () => {
    expect(newStatus(form())).toEqual({ status: 'Hills', media_ids: ['m1', 'm2'], visibility: 'public' });
  });

  it('is marked sensitive when asked', () => {
    expect(newStatus(form({ sensitive: true }))).toMatchObject({ sensitive: true });
    expect(newStatus(form({ sensitive: true }))).not.toHaveProperty('spoiler_text');
  });

  it('sends a content warning, which also marks the photos sensitive', () => {
    expect(newStatus(form({ contentWarning: '  Spiders ' }))).toMatchObject({ sensitive: true, spoiler_text: 'Spiders' });
  });

  it('ignores a blank content warning', () => {
    expect(newStatus(form({ contentWarning: '   ' }))).not.toHaveProperty('spoiler_text');
  });

  it('allows a warning of exactly the server limit in characters, and refuses a longer one', () => {
    const warning = '🕷'.repeat(CONTENT_WARNING_MAX);
    expect(newStatus(form({ contentWarning: warning })).spoiler_text).toBe(warning);
    expect(() => newStatus(form({ contentWarning: `${warning}x` }))).toThrow(RangeError);
  });
});
