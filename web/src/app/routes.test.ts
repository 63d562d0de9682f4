import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { APP_ROUTE_PATTERN, matchRoute, paths } from './routes';

describe('routes', () => {
  it('matches the fixed screens, with or without a trailing slash', () => {
    expect(matchRoute('/')).toEqual({ name: 'home' });
    expect(matchRoute('/explore/')).toEqual({ name: 'explore' });
    expect(matchRoute('/auth/callback')).toEqual({ name: 'callback' });
    expect(matchRoute('/settings/profile')).toEqual({ name: 'editProfile' });
  });

  it('matches the server\'s own URL shapes for profiles, posts and tags', () => {
    expect(matchRoute('/@alice')).toEqual({ name: 'profile', acct: 'alice' });
    expect(matchRoute('/@alice/109876543210')).toEqual({ name: 'post', acct: 'alice', id: '109876543210' });
    expect(matchRoute('/@alice/followers')).toEqual({ name: 'followers', acct: 'alice' });
    expect(matchRoute('/tags/%C3%A9t%C3%A9')).toEqual({ name: 'tag', tag: 'été' });
  });

  it('treats anything else as not found', () => {
    for (const path of ['/@', '/@alice/bob', '/@al%ice', '/@<script>', '/tags/%E0%A4%A', '/nope']) {
      expect(matchRoute(path)).toEqual({ name: 'notFound' });
    }
  });

  it('builds paths that match back', () => {
    expect(matchRoute(paths.post('bob', '12'))).toEqual({ name: 'post', acct: 'bob', id: '12' });
    expect(matchRoute(paths.tag('Été'))).toEqual({ name: 'tag', tag: 'été' });
  });
});

describe('the list of app routes', () => {
  const examples = ['/', '/signin', '/auth/callback', '/compose', '/settings/profile', '/tags/cats', '/@alice', '/@alice/123', '/@alice/followers'];

  it('covers every screen the router knows', () => {
    for (const path of examples) {
      expect(APP_ROUTE_PATTERN.test(path), path).toBe(true);
      expect(matchRoute(path).name, path).not.toBe('notFound');
    }
    for (const path of ['/api/v1/instance', '/oauth/authorize', '/assets/index.js', '/sw.js', '/actuator/health']) {
      expect(APP_ROUTE_PATTERN.test(path), path).toBe(false);
    }
  });

  it('is the same in the service worker and the test static server', () => {
    for (const file of ['../pwa/sw.js', '../../e2e/static-server.mjs']) {
      const source = readFileSync(new URL(file, import.meta.url), 'utf8');
      const copy = /const APP_ROUTES =\s*(\/.*\/);/.exec(source)?.[1];
      expect(copy, file).toBe(String(APP_ROUTE_PATTERN));
    }
  });
});
