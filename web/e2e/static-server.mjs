// Serves web/dist the way a static host (nginx, a CDN) does in stage 3: built files, the SPA
// fallback for the app's routes and the Content Security Policy header. Two ways, as deployed:
// - in front of the API (the default): one origin, everything that is not the app passed to the
//   Graminsta server, as behind a reverse proxy. The e2e tests use it when the server under test
//   does not serve the web app itself; `node e2e/static-server.mjs` runs it alone.
// - on its own origin (`proxyApi: false`): config.json names the API's origin, which the browser
//   then calls directly (the server must allow this origin with CORS); nothing is proxied.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, normalize } from 'node:path';

const DIST = new URL('../dist/', import.meta.url).pathname;

/** The app's own screens (the same list the server's SPA fallback needs). */
export const APP_ROUTES =
  /^\/(?:|signin|signup|auth\/callback|compose|explore|search|notifications|follow-requests|settings|settings\/profile|tags\/[^/]+|@[^/]+(?:\/[^/]+)?)\/?$/;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** The policy the server should send with the app (see web/docs/security.md). */
export function appPolicy({ mediaOrigins = [], apiOrigins = [] } = {}) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' blob: ${mediaOrigins.join(' ')}`.trim(),
    `connect-src 'self' ${apiOrigins.join(' ')}`.trim(),
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
  ].join('; ');
}

function cacheControl(path) {
  if (path.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

export function startStaticServer({ apiUrl, port = 0, host = '127.0.0.1', proxyApi = true }) {
  const api = new URL(apiUrl);
  // Photos come from the server's public URL in both cases; only a separate app calls the API there.
  // The streaming socket goes to the origin the instance names, the server's public URL's ws twin,
  // in both cases: this server does not proxy WebSockets.
  const streaming = api.origin.replace(/^http/, 'ws');
  const policy = appPolicy({ mediaOrigins: [api.origin], apiOrigins: proxyApi ? [streaming] : [api.origin, streaming] });
  // The built config.json says '' (the app's own origin); a separate app is pointed at the API.
  const config = proxyApi ? null : JSON.stringify({ apiBaseUrl: apiUrl.replace(/\/+$/, '') });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    let path;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (config && url.pathname === '/config.json') {
      res.writeHead(200, { 'Content-Type': TYPES['.json'], 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : config);
      return;
    }
    let file = null;
    if (req.method === 'GET' || req.method === 'HEAD') {
      const candidate = normalize(join(DIST, path));
      if (candidate.startsWith(DIST) && existsSync(candidate) && statSync(candidate).isFile()) {
        file = candidate;
      } else if (APP_ROUTES.test(url.pathname)) {
        file = join(DIST, 'index.html');
      }
    }
    if (file) {
      const headers = {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': file.endsWith('index.html') ? 'no-cache' : cacheControl(path),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'strict-origin-when-cross-origin',
      };
      if (file.endsWith('.html')) {
        headers['Content-Security-Policy'] = policy;
        headers['X-Frame-Options'] = 'DENY';
      }
      res.writeHead(200, headers);
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
      return;
    }
    if (!proxyApi) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const send = api.protocol === 'https:' ? httpsRequest : httpRequest;
    // The browser's own Host goes along, as a reverse proxy passes it (nginx: `proxy_set_header
    // Host $host`): a server that allows other origins with CORS judges a request's Origin against
    // it, and would refuse the app's own POSTs as cross-origin if it named the server instead.
    const upstream = send(
      {
        protocol: api.protocol,
        hostname: api.hostname,
        port: api.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'The API server did not answer' }));
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const address = server.address();
      resolve({ url: `http://${host}:${address.port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const apiUrl = process.env.GRAMINSTA_URL ?? 'http://127.0.0.1:8080';
  const port = Number(process.env.PORT ?? 4180);
  const { url } = await startStaticServer({ apiUrl, port });
  console.log(`web/dist on ${url}, API at ${apiUrl}`);
}
