// Every screen's path. They match the URLs the server puts in its JSON (`/@alice`,
// `/@alice/123`, `/tags/sunset`), so links in posts open inside the app.

export type Route =
  | { name: 'home' }
  | { name: 'signin' }
  | { name: 'signup' }
  | { name: 'callback' }
  | { name: 'compose' }
  | { name: 'explore' }
  | { name: 'search' }
  | { name: 'tag'; tag: string }
  | { name: 'notifications' }
  | { name: 'followRequests' }
  | { name: 'settings' }
  | { name: 'editProfile' }
  | { name: 'profile'; acct: string }
  | { name: 'followers'; acct: string }
  | { name: 'following'; acct: string }
  | { name: 'post'; acct: string; id: string }
  | { name: 'notFound' };

const FIXED: Record<string, Route> = {
  '/': { name: 'home' },
  '/signin': { name: 'signin' },
  '/signup': { name: 'signup' },
  '/auth/callback': { name: 'callback' },
  '/compose': { name: 'compose' },
  '/explore': { name: 'explore' },
  '/search': { name: 'search' },
  '/notifications': { name: 'notifications' },
  '/follow-requests': { name: 'followRequests' },
  '/settings': { name: 'settings' },
  '/settings/profile': { name: 'editProfile' },
};

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Every path the app answers, as one pattern: the server's SPA fallback, the service worker and
 * the test static server must send index.html for exactly these (they copy it; a test checks).
 */
export const APP_ROUTE_PATTERN =
  /^\/(?:|signin|signup|auth\/callback|compose|explore|search|notifications|follow-requests|settings|settings\/profile|tags\/[^/]+|@[^/]+(?:\/[^/]+)?)\/?$/;

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const fixed = FIXED[path];
  if (fixed) return fixed;
  const tag = /^\/tags\/([^/]+)$/.exec(path);
  if (tag) {
    const name = decode(tag[1]!);
    return name ? { name: 'tag', tag: name } : { name: 'notFound' };
  }
  const profile = /^\/@([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (profile) {
    const acct = decode(profile[1]!);
    const rest = profile[2];
    if (!acct || !/^[A-Za-z0-9_]+(@[A-Za-z0-9.-]+)?$/.test(acct)) return { name: 'notFound' };
    if (rest === undefined) return { name: 'profile', acct };
    if (rest === 'followers') return { name: 'followers', acct };
    if (rest === 'following') return { name: 'following', acct };
    if (/^\d+$/.test(rest)) return { name: 'post', acct, id: rest };
  }
  return { name: 'notFound' };
}

export const paths = {
  profile: (acct: string) => `/@${encodeURIComponent(acct)}`,
  post: (acct: string, id: string) => `/@${encodeURIComponent(acct)}/${encodeURIComponent(id)}`,
  tag: (tag: string) => `/tags/${encodeURIComponent(tag.toLowerCase())}`,
};
