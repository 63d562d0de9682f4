import type { JSX } from 'preact';
import { useMemo } from 'preact/hooks';
import type { Mention, Tag } from '../api/entities';
import { Link } from '../app/router';
import { parseContent, type ContentNode } from '../lib/content';

function render(nodes: readonly ContentNode[]): (JSX.Element | string)[] {
  return nodes.map((node, index) => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'br':
        return <br key={index} />;
      case 'p':
        return <p key={index}>{render(node.children)}</p>;
      case 'link':
        return node.internal ? (
          <Link key={index} href={node.href}>{render(node.children)}</Link>
        ) : (
          <a key={index} href={node.href} target="_blank" rel="noopener noreferrer nofollow ugc">
            {render(node.children)}
          </a>
        );
    }
  });
}

/**
 * Server-made HTML (a caption, a bio) shown safely: parsed into text, paragraphs, breaks and
 * checked links, rendered as ordinary elements. No markup from the server reaches the page.
 */
export function Content({ html, tags, mentions, class: className }: { html: string; tags?: Tag[]; mentions?: Mention[]; class?: string }) {
  const nodes = useMemo(() => parseContent(html, { tags, mentions }), [html, tags, mentions]);
  return <div class={`content${className ? ` ${className}` : ''}`}>{render(nodes)}</div>;
}
