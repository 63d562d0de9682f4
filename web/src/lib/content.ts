// Mastodon sends a status's `content` (and an account's `note`) as HTML. The app never inserts it
// as markup: it parses it in an inert document and keeps only text, paragraphs, line breaks and
// links with safe targets, which the UI then renders as ordinary (escaped) elements.
import type { Mention, Tag } from '../api/entities';

export type ContentNode =
  | { type: 'text'; text: string }
  | { type: 'br' }
  | { type: 'p'; children: ContentNode[] }
  | { type: 'link'; href: string; internal: boolean; children: ContentNode[] };

export interface LinkContext {
  tags?: readonly Tag[];
  mentions?: readonly Mention[];
}

/** Elements whose content is never shown, not even as text. */
const DROPPED = new Set([
  'script', 'style', 'template', 'iframe', 'object', 'embed', 'noscript', 'svg', 'math', 'head', 'title',
  'textarea', 'select', 'button', 'form', 'img', 'video', 'audio', 'picture', 'canvas', 'link', 'meta',
]);

/** Only web links leave the app: no javascript:, data:, vbscript:, file: or relative tricks. */
export function safeExternalHref(href: string | null): string | null {
  if (!href) {
    return null;
  }
  try {
    const url = new URL(href.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

function tagFromPath(href: string): string | null {
  try {
    const match = /\/tags\/([^/?#]+)\/?$/.exec(new URL(href).pathname);
    return match ? decodeURIComponent(match[1]!) : null;
  } catch {
    return null;
  }
}

/** Where a link points inside the app (a hashtag or a mentioned account), or null. */
function internalTarget(anchor: Element, href: string | null, context: LinkContext): string | null {
  const classes = (anchor.getAttribute('class') ?? '').split(/\s+/);
  const rel = (anchor.getAttribute('rel') ?? '').split(/\s+/);
  if (href) {
    const tag = context.tags?.find((candidate) => sameUrl(candidate.url, href));
    if (tag) {
      return `/tags/${encodeURIComponent(tag.name.toLowerCase())}`;
    }
    const mention = context.mentions?.find((candidate) => sameUrl(candidate.url, href));
    if (mention) {
      return `/@${encodeURIComponent(mention.acct)}`;
    }
  }
  if (classes.includes('hashtag') || rel.includes('tag')) {
    const name = (href && tagFromPath(href)) ?? (anchor.textContent ?? '').replace(/^#/, '').trim();
    if (name && /^[\p{L}\p{M}\p{Nd}_]+$/u.test(name)) {
      return `/tags/${encodeURIComponent(name.toLowerCase())}`;
    }
  }
  return null;
}

function convert(node: Node, context: LinkContext, inLink: boolean): ContentNode[] {
  if (node.nodeType === 3 /* text */) {
    const text = node.nodeValue ?? '';
    return text ? [{ type: 'text', text }] : [];
  }
  if (node.nodeType !== 1 /* element */) {
    return [];
  }
  const element = node as Element;
  const name = element.localName.toLowerCase();
  if (DROPPED.has(name)) {
    return [];
  }
  const children = () => Array.from(element.childNodes).flatMap((child) => convert(child, context, inLink || name === 'a'));
  switch (name) {
    case 'br':
      return [{ type: 'br' }];
    case 'p':
      return inLink ? children() : [{ type: 'p', children: children() }];
    case 'a': {
      if (inLink) {
        return children();
      }
      const href = element.getAttribute('href');
      const internal = internalTarget(element, href, context);
      if (internal) {
        return [{ type: 'link', href: internal, internal: true, children: children() }];
      }
      const external = safeExternalHref(href);
      return external ? [{ type: 'link', href: external, internal: false, children: children() }] : children();
    }
    default:
      return children();
  }
}

export function parseContent(html: string, context: LinkContext = {}, parser: DOMParser = new DOMParser()): ContentNode[] {
  if (!html) {
    return [];
  }
  // A document made by DOMParser is inert: its scripts never run and its images never load.
  const document = parser.parseFromString(html, 'text/html');
  return Array.from(document.body.childNodes).flatMap((child) => convert(child, context, false));
}

/** The content as plain text (paragraphs and breaks as newlines), for previews and labels. */
export function toPlainText(nodes: readonly ContentNode[]): string {
  const parts: string[] = [];
  const walk = (list: readonly ContentNode[]) => {
    for (const node of list) {
      if (node.type === 'text') parts.push(node.text);
      else if (node.type === 'br') parts.push('\n');
      else if (node.type === 'p') {
        if (parts.length) parts.push('\n\n');
        walk(node.children);
      } else walk(node.children);
    }
  };
  walk(nodes);
  return parts.join('').trim();
}
