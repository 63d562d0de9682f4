// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { parseContent, safeExternalHref, toPlainText } from './content';

describe('status content', () => {
  it('keeps a caption that looks like a script as text', () => {
    // What the server sends for the caption <script>alert(1)</script>: escaped text.
    const nodes = parseContent('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(nodes).toEqual([{ type: 'p', children: [{ type: 'text', text: '<script>alert(1)</script>' }] }]);
  });

  it('drops real script, style and image elements with their content', () => {
    const nodes = parseContent('<p>hi<script>alert(1)</script><style>p{}</style><img src=x onerror=alert(1)></p>');
    expect(nodes).toEqual([{ type: 'p', children: [{ type: 'text', text: 'hi' }] }]);
  });

  it('never keeps attributes such as event handlers', () => {
    const nodes = parseContent('<p onclick="alert(1)"><b onmouseover="x()">bold</b></p>');
    expect(JSON.stringify(nodes)).not.toContain('alert');
    expect(toPlainText(nodes)).toBe('bold');
  });

  it('keeps paragraphs and line breaks', () => {
    const nodes = parseContent('<p>one<br />two</p><p>three</p>');
    expect(nodes).toEqual([
      { type: 'p', children: [{ type: 'text', text: 'one' }, { type: 'br' }, { type: 'text', text: 'two' }] },
      { type: 'p', children: [{ type: 'text', text: 'three' }] },
    ]);
    expect(toPlainText(nodes)).toBe('one\ntwo\n\nthree');
  });

  it('turns links with unsafe targets into their text', () => {
    for (const href of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', '/relative']) {
      const nodes = parseContent(`<p><a href="${href}">click</a></p>`);
      expect(nodes).toEqual([{ type: 'p', children: [{ type: 'text', text: 'click' }] }]);
    }
  });

  it('keeps web links as external links', () => {
    const nodes = parseContent('<p><a href="https://example.com/a?b=c">example</a></p>');
    expect(nodes).toEqual([
      { type: 'p', children: [{ type: 'link', href: 'https://example.com/a?b=c', internal: false, children: [{ type: 'text', text: 'example' }] }] },
    ]);
  });

  it('links hashtags and mentions inside the app', () => {
    const html =
      '<p>Evening <a href="http://h.test/tags/sunset" class="mention hashtag" rel="tag">#<span>Sunset</span></a> with ' +
      '<span class="h-card"><a href="http://h.test/@alice" class="u-url mention">@<span>alice</span></a></span></p>';
    const nodes = parseContent(html, {
      tags: [{ name: 'sunset', url: 'http://h.test/tags/sunset' }],
      mentions: [{ id: '1', username: 'alice', acct: 'alice', url: 'http://h.test/@alice' }],
    });
    const paragraph = nodes[0] as { children: unknown[] };
    expect(paragraph.children).toEqual([
      { type: 'text', text: 'Evening ' },
      { type: 'link', href: '/tags/sunset', internal: true, children: [{ type: 'text', text: '#' }, { type: 'text', text: 'Sunset' }] },
      { type: 'text', text: ' with ' },
      { type: 'link', href: '/@alice', internal: true, children: [{ type: 'text', text: '@' }, { type: 'text', text: 'alice' }] },
    ]);
  });

  it('links a hashtag by its class when the tag list lacks it', () => {
    const nodes = parseContent('<p><a href="https://other.test/tags/Cats" class="hashtag" rel="tag">#Cats</a></p>');
    expect((nodes[0] as { children: unknown[] }).children[0]).toMatchObject({ href: '/tags/cats', internal: true });
  });

  it('accepts only http and https', () => {
    expect(safeExternalHref('https://x.test/')).toBe('https://x.test/');
    expect(safeExternalHref('ftp://x.test/')).toBeNull();
    expect(safeExternalHref(null)).toBeNull();
  });
});
