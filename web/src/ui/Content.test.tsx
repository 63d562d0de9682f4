// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Content } from './Content';
import { shortAge } from './misc';

function rendered(html: string): HTMLElement {
  const container = document.createElement('div');
  render(<Content html={html} tags={[{ name: 'cats', url: 'https://h.test/tags/cats' }]} />, container);
  return container;
}

describe('rendering status content', () => {
  it('shows an escaped script as text and creates no script element', () => {
    const container = rendered('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toBe('<script>alert(1)</script>');
  });

  it('renders only safe links: in-app for hashtags, new tab without opener for the web', () => {
    const container = rendered(
      '<p><a href="javascript:alert(1)">bad</a> <a href="https://h.test/tags/cats" class="mention hashtag" rel="tag">#cats</a> <a href="https://example.com/">site</a><img src=x onerror="alert(1)"></p>',
    );
    const links = Array.from(container.querySelectorAll('a'));
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['/tags/cats', 'https://example.com/']);
    expect(links[1]!.getAttribute('rel')).toBe('noopener noreferrer nofollow ugc');
    expect(links[1]!.getAttribute('target')).toBe('_blank');
    expect(container.querySelector('img')).toBeNull();
    expect(container.innerHTML).not.toContain('onerror');
    expect(container.textContent).toContain('bad');
  });
});

describe('post ages', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  it('reads like Instagram: now, minutes, hours, days, weeks', () => {
    expect(shortAge('2026-01-10T11:59:50Z', now)).toBe('now');
    expect(shortAge('2026-01-10T11:55:00Z', now)).toBe('5m');
    expect(shortAge('2026-01-10T09:00:00Z', now)).toBe('3h');
    expect(shortAge('2026-01-08T12:00:00Z', now)).toBe('2d');
    expect(shortAge('2025-12-20T12:00:00Z', now)).toBe('3w');
  });
});
