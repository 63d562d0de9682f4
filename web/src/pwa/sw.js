// The service worker: keeps the app shell (HTML, scripts, styles, icons) so the installed app
// starts instantly and offline. It never caches API replies or photos: those are private to a
// signed-in user, and photos have their own immutable HTTP caching.
/* global self, caches, fetch, URL, Response */

/** Set at build time (see vite.config.ts): the build's files, and a version made from them. */
const injected = /** @type {{ __GRAMINSTA_PRECACHE__?: string[]; __GRAMINSTA_VERSION__?: string }} */ (/** @type {unknown} */ (self));
const PRECACHE = injected.__GRAMINSTA_PRECACHE__ ?? [];
const VERSION = injected.__GRAMINSTA_VERSION__ ?? 'dev';
const CACHE = `graminsta-shell-${VERSION}`;

/** The app's own screens; any other navigation (sign-in page, API docs) goes to the server. */
const APP_ROUTES =
  /^\/(?:|signin|signup|auth\/callback|compose|explore|search|notifications|follow-requests|settings|settings\/profile|tags\/[^/]+|@[^/]+(?:\/[^/]+)?)\/?$/;

const worker = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('graminsta-shell-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => worker.clients.claim()),
  );
});

/**
 * Network first (a new deployment shows at once), the cached copy when offline.
 * @param {Request} request
 * @param {string} [fallbackUrl]
 */
async function networkFirst(request, fallbackUrl) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && request.method === 'GET' && !fallbackUrl) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(fallbackUrl ?? request);
    if (cached) return cached;
    throw error;
  }
}

/**
 * The runtime configuration: the cached copy at once (start-up waits for it), refreshed in the
 * background for the next start.
 * @param {FetchEvent} event
 */
async function staleWhileRevalidate(event) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(event.request);
  const fresh = fetch(event.request).then(async (response) => {
    if (response.ok) await cache.put(event.request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(fresh.catch(() => undefined));
    return cached;
  }
  return fresh;
}

/**
 * Hashed build files never change: the cache answers, the network only fills gaps.
 * @param {Request} request
 */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  if (request.mode === 'navigate') {
    if (APP_ROUTES.test(url.pathname)) {
      event.respondWith(networkFirst(request, '/index.html'));
    }
    return;
  }
  if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/icons/') || url.pathname === '/manifest.webmanifest') {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname === '/config.json') {
    event.respondWith(staleWhileRevalidate(event));
  }
});
