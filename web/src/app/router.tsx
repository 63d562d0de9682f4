// History-API navigation: links inside the app change the URL without reloading, and going back
// restores where the page was scrolled to.
import type { ComponentChildren, PartialAnchorHTMLAttributes } from 'preact';
import { Store, useStore } from '../lib/store';

export interface Location {
  pathname: string;
  search: URLSearchParams;
  /** Identifies the history entry, for scroll restoration. */
  key: string;
}

function current(): Location {
  const state = history.state as { key?: string } | null;
  return { pathname: location.pathname, search: new URLSearchParams(location.search), key: state?.key ?? 'initial' };
}

export const locationStore = new Store<Location>(current());
const scrollPositions = new Map<string, number>();
let keys = 0;

function newKey(): string {
  return `${Date.now().toString(36)}-${++keys}`;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const target = new URL(to, location.href);
  if (target.origin !== location.origin) {
    location.assign(target.href);
    return;
  }
  const here = locationStore.get();
  scrollPositions.set(here.key, window.scrollY);
  const state = { key: newKey() };
  if (options.replace) {
    history.replaceState(state, '', target.pathname + target.search + target.hash);
  } else {
    history.pushState(state, '', target.pathname + target.search + target.hash);
  }
  locationStore.set(current());
  window.scrollTo(0, 0);
}

export function startRouter(): void {
  history.scrollRestoration = 'manual';
  if (!(history.state as { key?: string } | null)?.key) {
    history.replaceState({ key: newKey() }, '');
    locationStore.set(current());
  }
  window.addEventListener('popstate', () => {
    scrollPositions.set(locationStore.get().key, window.scrollY);
    locationStore.set(current());
  });
}

/** Where the current entry was scrolled to when the user left it (0 for a new entry). */
export function savedScroll(key: string): number {
  return scrollPositions.get(key) ?? 0;
}

export function useLocation(): Location {
  return useStore(locationStore);
}

type LinkProps = Omit<PartialAnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'role'> & { href: string; children?: ComponentChildren };

/** An in-app link: a real <a href> (middle-click and "open in new tab" work) that navigates in place. */
export function Link({ href, onClick, ...props }: LinkProps) {
  return (
    <a
      {...props}
      href={href}
      onClick={(event) => {
        if (typeof onClick === 'function') onClick(event);
        if (
          event.defaultPrevented ||
          event.button !== 0 ||
          event.metaKey ||
          event.ctrlKey ||
          event.shiftKey ||
          event.altKey ||
          (props.target && props.target !== '_self')
        ) {
          return;
        }
        event.preventDefault();
        navigate(href);
      }}
    />
  );
}
