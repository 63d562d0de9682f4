// The nginx configurations in deploy/nginx: each must pass `nginx -t` as it is, and do in a real
// nginx what its comments promise. The tests run them on loopback against small Node servers
// standing in for the API instances and the object store; only what cannot work on a test
// machine is changed in a temporary copy (upstream host names, the listen port, the pid file,
// the cache folder and the web root), and each change must find what it replaces.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { copyOfDeploy, eventually, freePort, onCleanup, read, run, seconds, stop, tool, DEPLOY, REPO } from './support.js';

const NGINX = join(DEPLOY, 'nginx');

/** A block of configuration without comments and with single spaces, to compare two copies. */
function normalized(text) {
  return text?.replace(/#.*$/gm, '').replace(/\s+/g, ' ').trim();
}

function replaceOnce(text, pattern, replacement, what) {
  assert.match(text, pattern, `expected ${what}`);
  return text.replace(pattern, replacement);
}

/**
 * A copy of deploy/ whose nginx files can run here. upstreams maps the host names in
 * deploy/nginx/upstreams/*.conf to loopback ports (several ports: one server line each).
 */
async function prepare(t, { config, upstreams = {}, upstreamFiles = {}, webRoot }) {
  const copy = copyOfDeploy(t);
  chmodSync(copy, 0o755); // nginx's workers (nobody) read the web root and the cache in here
  const dir = join(copy, 'nginx');
  for (const [target, source] of Object.entries(upstreamFiles)) {
    writeFileSync(join(dir, 'upstreams', target), read(join(dir, 'upstreams', source)));
  }
  const conf = join(dir, config);
  const included = [...read(conf).matchAll(/^\s*include upstreams\/([\w.-]+);/gm)].map((match) => match[1]);
  for (const name of included) {
    const path = join(dir, 'upstreams', name);
    let text = read(path);
    for (const [host, ports] of Object.entries(upstreams)) {
      const line = new RegExp(`^(\\s*)server ${host}:\\d+([^;]*);$`, 'gm');
      text = text.replace(line, (_, indent, params) =>
        ports.map((port) => `${indent}server 127.0.0.1:${port}${params};`).join('\n'),
      );
    }
    assert.doesNotMatch(text, /^\s*server (?!127\.0\.0\.1:)/m, `${name} still names a host this test did not map`);
    writeFileSync(path, text);
  }
  const port = await freePort();
  let text = read(conf);
  text = replaceOnce(text, /^(\s*)listen 8080;$/m, `$1listen 127.0.0.1:${port};`, 'listen 8080');
  text = replaceOnce(text, /^pid \/tmp\/nginx\.pid;$/m, `pid ${join(copy, 'nginx.pid')};`, 'pid /tmp/nginx.pid');
  if (text.includes('/var/cache/nginx/')) {
    mkdirSync(join(copy, 'cache'));
    text = text.replaceAll('/var/cache/nginx/', `${join(copy, 'cache')}/`);
  }
  if (webRoot) text = replaceOnce(text, /root \/usr\/share\/nginx\/html;/, `root ${join(copy, webRoot)};`, 'the web root');
  writeFileSync(conf, text);
  return { copy, dir, conf, port };
}

/**
 * nginx with its output in a file: the configurations log to /dev/stdout, as containers do, and
 * /dev/stdout cannot be opened when it is the socket Node gives a child process.
 */
function nginxArgs(fixture, ...more) {
  return ['-e', 'stderr', '-p', `${fixture.copy}/`, '-c', fixture.conf, ...more];
}

function outputFile(fixture, name) {
  const path = join(fixture.copy, name);
  return { path, fd: openSync(path, 'w') };
}

/** `nginx -t` on a prepared copy: it must pass without a single warning. */
function check(fixture) {
  const log = outputFile(fixture, 'nginx-t.log');
  const result = spawnSync(tool('nginx'), nginxArgs(fixture, '-t'), { stdio: ['ignore', log.fd, log.fd] });
  closeSync(log.fd);
  const output = read(log.path);
  assert.equal(result.status, 0, output);
  assert.doesNotMatch(output, /\[(warn|emerg|alert|crit|error)\]/, output);
  assert.match(output, /test is successful/);
}

/** A running nginx on a prepared copy; setup(fixture) may change the copy first. */
async function startNginx(t, { setup, ...options }) {
  const fixture = await prepare(t, options);
  setup?.(fixture);
  check(fixture);
  const log = outputFile(fixture, 'nginx.log');
  const child = spawn(tool('nginx'), nginxArgs(fixture, '-g', 'daemon off;'), { stdio: ['ignore', log.fd, log.fd] });
  closeSync(log.fd);
  onCleanup(t, () => stop(child));
  const base = `http://127.0.0.1:${fixture.port}`;
  // Listening is enough: a request here would reach the stand-in servers and be counted.
  await eventually(async () => {
    assert.equal(child.exitCode, null, `nginx exited:\n${read(log.path)}`);
    await new Promise((connected, failed) => {
      const socket = connect(fixture.port, '127.0.0.1', () => connected(socket.end()));
      socket.on('error', failed);
    });
  });
  return { ...fixture, base };
}

/** A stand-in HTTP server that records what it was asked; handler(req, res, body) answers. */
async function fakeServer(t, name, handler, { onClose } = {}) {
  const seen = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method, url: req.url, headers: req.headers, size: body.length });
      handler(req, res, body);
    });
  });
  if (onClose) server.on('connection', (socket) => socket.on('close', onClose));
  const upgrades = [];
  server.on('upgrade', (req, socket) => {
    upgrades.push({ url: req.url, headers: req.headers });
    socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
  });
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  onCleanup(t, () => {
    const closed = new Promise((done) => server.close(done));
    server.closeAllConnections();
    return closed;
  });
  return { name, port: server.address().port, seen, upgrades };
}

const answer = (status, body = '') => (req, res) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(body);
};

/** A request with a path sent exactly as written (fetch would normalise "..") and options. */
function raw(base, path, { method = 'GET', headers = {}, body, expectContinue = false } = {}) {
  return new Promise((resolveResponse, reject) => {
    const url = new URL(base);
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolveResponse({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolveResponse({ status: res.statusCode, headers: res.headers, body: '' });
    });
    if (expectContinue) {
      req.on('continue', () => req.end(body));
      req.on('response', () => req.destroy());
      req.flushHeaders();
    } else {
      req.end(body);
    }
  });
}

describe('every nginx configuration passes nginx -t', { timeout: 60_000 }, () => {
  const cases = [
    ['load-balancer.conf', {}],
    ['load-balancer.conf', { upstreamFiles: { 'api.conf': 'api-split.conf' } }],
    ['media-edge.conf', {}],
    ['web.conf', {}],
  ];
  for (const [config, options] of cases) {
    const label = options.upstreamFiles ? `${config} with upstreams/api-split.conf` : config;
    test(label, async (t) => {
      check(await prepare(t, { config, upstreams: { api: [1], streaming: [2], minio: [3] }, ...options }));
    });
  }

  test('the upstream files name the compose services, on the port the images listen on', () => {
    assert.match(read(join(NGINX, 'upstreams/api.conf')), /^\s*server api:8080 /m);
    assert.match(read(join(NGINX, 'upstreams/api-split.conf')), /^\s*server streaming:8080 /m);
    assert.match(read(join(NGINX, 'upstreams/media-origin.conf')), /^\s*server minio:9000 /m);
  });
});

describe('load-balancer.conf', { timeout: 60_000 }, () => {
  test('spreads requests with least_conn, keeps connections alive, counts failures per instance', () => {
    for (const file of ['api.conf', 'api-split.conf']) {
      const text = read(join(NGINX, 'upstreams', file));
      const api = text.slice(text.indexOf('upstream graminsta_api'), text.indexOf('upstream graminsta_streaming'));
      // keepalive must follow the balancing method, or nginx silently balances round-robin.
      assert.match(api, /least_conn;[\s\S]*server [^;]*max_fails=\d+ fail_timeout=\d+s;[\s\S]*keepalive \d+;/, file);
      assert.match(text.slice(text.indexOf('upstream graminsta_streaming')), /least_conn;/, file);
    }
  });

  // ./graminsta stack renders its own balancer (loopback ports, its logs), but streams as this one
  // does: the same location and Connection header, and least_conn over the streaming upstream.
  test('the local stack\'s balancer streams as this one does (stack/nginx/load-balancer.conf.in)', () => {
    const recipe = read(join(NGINX, 'load-balancer.conf'));
    const stack = read(join(REPO, 'stack', 'nginx', 'load-balancer.conf.in'));
    for (const block of [/map \$http_upgrade \$graminsta_connection \{[^}]*\}/, /location \/api\/v1\/streaming \{[^}]*\}/]) {
      const [inRecipe] = recipe.match(block) ?? [];
      assert.ok(inRecipe, `load-balancer.conf has ${block}`);
      assert.equal(normalized(stack.match(block)?.[0]), normalized(inRecipe));
    }
    assert.match(stack, /proxy_set_header Connection \$graminsta_connection;\s*proxy_set_header Upgrade \$http_upgrade;/);
    assert.match(stack, /upstream graminsta_streaming \{\s*least_conn;/);
  });

  test('passes the client address, scheme and a request id, and keeps upstream connections alive', async (t) => {
    const api = await fakeServer(t, 'api', answer(200, '{}'));
    const lb = await startNginx(t, { config: 'load-balancer.conf', upstreams: { api: [api.port] } });
    const response = await fetch(`${lb.base}/api/v1/timelines/public`);
    assert.equal(response.status, 200);
    const { headers } = api.seen.at(-1);
    assert.equal(headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(headers['x-forwarded-proto'], 'http');
    assert.equal(headers['x-real-ip'], '127.0.0.1');
    assert.match(headers['x-request-id'], /^[0-9a-f]{32}$/);
    assert.equal(headers.host, `127.0.0.1:${lb.port}`);
    // No "Connection: close": the connection goes back to the keepalive pool.
    assert.equal(headers.connection, undefined);
  });

  test('retries a failed GET on another instance, so the client never sees the 502', async (t) => {
    const good = await fakeServer(t, 'good', answer(200, '{}'));
    const bad = await fakeServer(t, 'bad', answer(502, '{"error":"bad gateway"}'));
    const lb = await startNginx(t, { config: 'load-balancer.conf', upstreams: { api: [good.port, bad.port] } });
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${lb.base}/api/v1/timelines/home?n=${i}`);
      assert.equal(response.status, 200, `request ${i}`);
    }
    assert.ok(bad.seen.length >= 1, 'the failing instance was never tried: the test proves nothing');
    assert.equal(good.seen.length, 6);
  });

  test('never sends a POST that reached an instance to a second one', async (t) => {
    const good = await fakeServer(t, 'good', answer(200, '{}'));
    const bad = await fakeServer(t, 'bad', answer(502, '{"error":"bad gateway"}'));
    const lb = await startNginx(t, { config: 'load-balancer.conf', upstreams: { api: [good.port, bad.port] } });
    const statuses = [];
    for (let i = 0; i < 6 && bad.seen.length === 0; i++) {
      const response = await fetch(`${lb.base}/api/v1/statuses?n=${i}`, { method: 'POST', body: 'status=hi' });
      statuses.push(response.status);
    }
    assert.ok(bad.seen.length >= 1, 'no POST reached the failing instance: the test proves nothing');
    // Every POST reached exactly one instance: the one the failing instance got was answered 502.
    const reached = [...good.seen, ...bad.seen].map((request) => request.url).sort();
    assert.deepEqual(reached, [...new Set(reached)]);
    assert.equal(reached.length, statuses.length);
    assert.equal(statuses.filter((status) => status === 502).length, bad.seen.length);
  });

  test('resends a post with an Idempotency-Key that reached a failing instance to another', async (t) => {
    const good = await fakeServer(t, 'good', answer(200, '{}'));
    const bad = await fakeServer(t, 'bad', answer(502, '{"error":"bad gateway"}'));
    const lb = await startNginx(t, { config: 'load-balancer.conf', upstreams: { api: [good.port, bad.port] } });
    const keyed = [];
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${lb.base}/api/v1/statuses?n=${i}`, {
        method: 'POST', body: 'status=hi', headers: { 'Idempotency-Key': `key-${i}` },
      });
      keyed.push(response.status);
    }
    assert.deepEqual(keyed, [200, 200, 200, 200, 200, 200]);
    assert.ok(bad.seen.some((r) => r.method === 'POST'), 'no keyed post reached the failing instance: the test proves nothing');
    // Sent on with its query string and key; the internal detour is not reachable from outside.
    assert.ok(good.seen.every((r) => r.url.startsWith('/api/v1/statuses?n=') && r.headers['idempotency-key']));
    assert.equal((await fetch(`${lb.base}/@resendable/api/v1/statuses`, { method: 'POST' })).status, 404);
  });

  test('does not resend other POSTs that carry an Idempotency-Key: the server honours it on posts only', async (t) => {
    const good = await fakeServer(t, 'good', answer(200, '{}'));
    const bad = await fakeServer(t, 'bad', answer(502, '{"error":"bad gateway"}'));
    const lb = await startNginx(t, { config: 'load-balancer.conf', upstreams: { api: [good.port, bad.port] } });
    const before = bad.seen.length;
    const others = [];
    for (let i = 0; i < 6 && bad.seen.length === before; i++) {
      const response = await fetch(`${lb.base}/api/v1/statuses/1/favourite?n=${i}`, {
        method: 'POST', headers: { 'Idempotency-Key': `fav-${i}` },
      });
      others.push(response.status);
    }
    assert.ok(bad.seen.length > before, 'no favourite reached the failing instance: the test proves nothing');
    assert.equal(others.at(-1), 502);
  });

  test('leaves a draining instance alone once it turned a GET away, so POSTs go elsewhere', async (t) => {
    // The second half of a drain (docs/decisions/0010): GETs get 503, other requests are served.
    const draining = await fakeServer(t, 'draining', (req, res) =>
      answer(req.method === 'GET' ? 503 : 200, '{}')(req, res));
    const good = await fakeServer(t, 'good', answer(200, '{}'));
    const lb = await startNginx(t, { config: 'load-balancer.conf', upstreams: { api: [draining.port, good.port] } });
    for (let i = 0; i < 4 && !draining.seen.some((r) => r.method === 'GET'); i++) {
      assert.equal((await fetch(`${lb.base}/api/v1/timelines/public?n=${i}`)).status, 200);
    }
    assert.ok(draining.seen.some((r) => r.method === 'GET'), 'no GET reached the draining instance: the test proves nothing');
    const before = draining.seen.length;
    for (let i = 0; i < 10; i++) {
      assert.equal((await fetch(`${lb.base}/api/v1/statuses?n=${i}`, { method: 'POST', body: 'status=hi' })).status, 200);
    }
    assert.equal(draining.seen.length, before, 'nothing new went to the draining instance');
  });

  test('closes idle connections to the instances well before an instance stops reading them', async (t) => {
    const closed = [];
    const api = await fakeServer(t, 'api', answer(200, '{}'), { onClose: () => closed.push(Date.now()) });
    const lb = await startNginx(t, { config: 'load-balancer.conf', upstreams: { api: [api.port] } });
    const sent = Date.now();
    assert.equal((await fetch(`${lb.base}/api/v1/instance`)).status, 200);
    await eventually(() => assert.equal(closed.length, 1, 'nginx closed its idle connection'), 8_000);
    const idle = closed[0] - sent;
    const timeout = seconds(/keepalive_timeout (\w+);/.exec(read(join(NGINX, 'upstreams/api.conf')))[1]) * 1000;
    assert.ok(idle < timeout + 1000, `closed after ${idle} ms`);
  });

  test('keeps idle connections shorter than the drain\'s first half and the server\'s keep-alive', () => {
    const drain = seconds(/GRAMINSTA_SHUTDOWN_DRAIN: (\w+)/.exec(read(join(DEPLOY, 'compose/stage-4.yml')))[1]);
    const serverKeepAlive = seconds(/keep-alive-timeout: (\w+)/.exec(read(join(REPO, 'server/src/main/resources/application.yml')))[1]);
    for (const file of ['api.conf', 'api-split.conf']) {
      const text = read(join(NGINX, 'upstreams', file));
      const api = text.slice(text.indexOf('upstream graminsta_api'), text.indexOf('upstream graminsta_streaming'));
      const idle = seconds(/keepalive_timeout (\w+);/.exec(api)[1]);
      assert.ok(idle < drain / 2, `${file}: keepalive_timeout ${idle} s within the first half of the ${drain} s drain`);
      assert.ok(idle < serverKeepAlive, `${file}: keepalive_timeout ${idle} s < the server's ${serverKeepAlive} s`);
      // A turned-away GET must keep the instance out of every worker's rotation until it stops
      // accepting connections: one failure is enough, the state is shared, and it outlasts the drain.
      const [, fails, failTimeout] = /server api:8080 max_fails=(\d+) fail_timeout=(\w+);/.exec(api);
      assert.equal(Number(fails), 1, file);
      assert.ok(seconds(failTimeout) > drain, `${file}: fail_timeout outlasts the drain`);
      assert.match(api, /^\s*zone graminsta_api \w+;/m, file);
    }
  });

  test('keeps /actuator away from the internet', async (t) => {
    const api = await fakeServer(t, 'api', answer(200, '{"status":"UP"}'));
    const lb = await startNginx(t, { config: 'load-balancer.conf', upstreams: { api: [api.port] } });
    for (const path of ['/actuator', '/actuator/health', '/actuator/prometheus']) {
      assert.equal((await fetch(lb.base + path)).status, 404, path);
    }
    assert.equal(api.seen.length, 0);
  });

  test('takes a 21 MB upload (the server limit) and refuses a larger one itself', async (t) => {
    const api = await fakeServer(t, 'api', answer(202, '{}'));
    const lb = await startNginx(t, { config: 'load-balancer.conf', upstreams: { api: [api.port] } });
    const fits = Buffer.alloc(21 * 1024 * 1024 - 1024, 1);
    const accepted = await raw(lb.base, '/api/v2/media', {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': fits.length },
      body: fits,
    });
    assert.equal(accepted.status, 202);
    assert.equal(api.seen.at(-1).size, fits.length);
    const tooBig = Buffer.alloc(22 * 1024 * 1024, 1);
    const refused = await raw(lb.base, '/api/v2/media', {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': tooBig.length, Expect: '100-continue' },
      body: tooBig,
      expectContinue: true,
    });
    assert.equal(refused.status, 413);
    assert.equal(api.seen.length, 1);
  });

  const upgrade = {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
  };

  test('passes WebSocket upgrades for the streaming API through', async (t) => {
    const api = await fakeServer(t, 'api', answer(200, '{}'));
    const lb = await startNginx(t, { config: 'load-balancer.conf', upstreams: { api: [api.port] } });
    const response = await raw(lb.base, '/api/v1/streaming?stream=user', { headers: upgrade });
    assert.equal(response.status, 101);
    assert.equal(api.upgrades.length, 1);
    assert.equal(api.upgrades[0].headers.upgrade, 'websocket');
  });

  test('with api-split.conf (stage 7), sends streaming to the streaming tier and nothing else there', async (t) => {
    const api = await fakeServer(t, 'api', answer(200, '{}'));
    const streaming = await fakeServer(t, 'streaming', answer(200, '{}'));
    const lb = await startNginx(t, {
      config: 'load-balancer.conf',
      upstreamFiles: { 'api.conf': 'api-split.conf' },
      upstreams: { api: [api.port], streaming: [streaming.port] },
    });
    assert.equal((await raw(lb.base, '/api/v1/streaming', { headers: upgrade })).status, 101);
    assert.equal((await fetch(`${lb.base}/api/v1/accounts/verify_credentials`)).status, 200);
    assert.equal(streaming.upgrades.length, 1);
    assert.equal(streaming.seen.length, 0);
    assert.equal(api.upgrades.length, 0);
    assert.equal(api.seen.length, 1);
  });
});

describe('media-edge.conf', { timeout: 60_000 }, () => {
  const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);

  async function edge(t, delayMs = 0) {
    const store = await fakeServer(t, 'store', (req, res) => {
      if (req.url.includes('/missing/')) {
        res.writeHead(404, { 'Content-Type': 'application/xml', 'Access-Control-Allow-Credentials': 'true' })
          .end('<Error><Code>NoSuchKey</Code></Error>');
        return;
      }
      setTimeout(() => {
        res.writeHead(200, {
          'Content-Type': 'image/jpeg',
          'Set-Cookie': 'AWSALB=abc; Path=/',
          'Cache-Control': 'private, max-age=0',
          Vary: 'Origin',
          'x-amz-request-id': 'R123',
          'x-amz-id-2': 'ID2',
          'x-amz-version-id': 'V1',
          // A bucket CORS rule written for one site, with credentials: never what readers see.
          'Access-Control-Allow-Origin': 'https://one-site.example',
          'Access-Control-Allow-Credentials': 'true',
        });
        res.end(JPEG);
      }, delayMs);
    });
    const nginx = await startNginx(t, { config: 'media-edge.conf', upstreams: { minio: [store.port] } });
    return { store, base: nginx.base };
  }

  test('fetches a variant from the bucket once, then serves it from the cache', async (t) => {
    const { store, base } = await edge(t);
    const path = '/attachments/0123456789abcdef0123456789abcdef/feed.jpg';
    const first = await fetch(base + path);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-cache-status'), 'MISS');
    assert.deepEqual(Buffer.from(await first.arrayBuffer()), JPEG);
    const second = await fetch(base + path);
    assert.equal(second.headers.get('x-cache-status'), 'HIT');
    assert.equal(store.seen.length, 1);
    assert.equal(store.seen[0].url, `/graminsta${path}`);
    assert.equal(store.seen[0].headers.host, 'minio:9000');
  });

  test('keys the cache on the path alone: a query string neither busts it nor reaches the store', async (t) => {
    const { store, base } = await edge(t);
    const path = '/avatars/0123456789abcdef0123456789abcdef.jpg';
    await fetch(base + path);
    const busted = await fetch(`${base + path}?v=2&list-type=2`, { headers: { Host: 'other.example' } });
    assert.equal(busted.headers.get('x-cache-status'), 'HIT');
    assert.equal(store.seen.length, 1);
    assert.ok(store.seen.every((request) => !request.url.includes('?')));
  });

  test("hides the store's cookies and headers and sends a year-long immutable Cache-Control", async (t) => {
    const { base } = await edge(t);
    const response = await fetch(`${base}/attachments/aa/thumb.jpg`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('set-cookie'), null);
    assert.equal(response.headers.get('vary'), null);
    assert.deepEqual([...response.headers.keys()].filter((name) => name.startsWith('x-amz-')), []);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });

  test("does not pass the reader's cookies or credentials to the store", async (t) => {
    const { store, base } = await edge(t);
    await fetch(`${base}/attachments/bb/feed.jpg`, { headers: { Cookie: 'session=secret', Authorization: 'Bearer token' } });
    assert.equal(store.seen[0].headers.cookie, undefined);
    assert.equal(store.seen[0].headers.authorization, undefined);
  });

  test('makes one request to the store for many simultaneous misses (proxy_cache_lock)', async (t) => {
    const { store, base } = await edge(t, 300);
    const path = '/attachments/cc/feed.jpg';
    const responses = await Promise.all(Array.from({ length: 6 }, () => fetch(base + path)));
    assert.ok(responses.every((response) => response.status === 200));
    assert.equal(store.seen.length, 1);
  });

  test('never serves private/ (the originals, with their metadata), however the path is spelled', async (t) => {
    const { store, base } = await edge(t);
    const paths = [
      '/private/originals/0123456789abcdef.jpg',
      '/attachments/../private/originals/0123456789abcdef.jpg',
      '/attachments/..%2fprivate/originals/0123456789abcdef.jpg',
      '/attachments/%2e%2e/private/originals/0123456789abcdef.jpg',
      '/graminsta/private/originals/0123456789abcdef.jpg',
      '/avatars/%3f/../../private/originals/0123456789abcdef.jpg',
    ];
    for (const path of paths) {
      assert.equal((await raw(base, path)).status, 404, path);
    }
    assert.deepEqual(store.seen, []);
  });

  test('serves nothing but the two public prefixes, and nothing but GET and HEAD', async (t) => {
    const { store, base } = await edge(t);
    assert.equal((await fetch(`${base}/`)).status, 404);
    assert.equal((await fetch(`${base}/graminsta?list-type=2`)).status, 404);
    assert.equal((await fetch(`${base}/attachments/a%20b.jpg`)).status, 404);
    for (const method of ['PUT', 'POST', 'DELETE']) {
      assert.equal((await fetch(`${base}/attachments/dd/feed.jpg`, { method, body: 'x' })).status, 405, method);
    }
    assert.equal((await fetch(`${base}/attachments/dd/feed.jpg`, { method: 'HEAD' })).status, 200);
    assert.ok(store.seen.every((request) => request.method === 'GET' || request.method === 'HEAD'));
  });

  test('lets any origin read photos, on errors too, never with credentials, whatever the store says', async (t) => {
    const { base } = await edge(t);
    const headers = { Origin: 'https://client.example' };
    for (const path of ['/attachments/ee/preview.jpg', '/avatars/ee.png', '/attachments/missing/feed.jpg']) {
      for (const method of ['GET', 'HEAD']) {
        const response = await fetch(base + path, { method, headers });
        assert.equal(response.headers.get('access-control-allow-origin'), '*', `${method} ${path}`);
        assert.equal(response.headers.get('access-control-allow-credentials'), null, `${method} ${path}`);
        assert.equal(response.headers.get('vary'), null, `${method} ${path}`);
      }
    }
  });

  test('passes a 404 on without a year-long Cache-Control', async (t) => {
    const { base } = await edge(t);
    const response = await fetch(`${base}/attachments/missing/feed.jpg`);
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('cache-control'), null);
    assert.equal(response.headers.get('x-cache-status'), 'MISS');
  });
});

describe('web.conf and the web image start script', { timeout: 60_000 }, () => {
  const script = join(DEPLOY, 'docker/web-config.sh');

  /** A stand-in for web/dist, configured by web-config.sh with env, served by nginx. */
  async function web(t, env) {
    const nginx = await startNginx(t, {
      config: 'web.conf',
      webRoot: 'dist',
      setup(fixture) {
        const root = join(fixture.copy, 'dist');
        mkdirSync(join(root, 'assets'), { recursive: true });
        writeFileSync(join(root, 'index.html'), '<!doctype html><title>Graminsta</title><div id="app"></div>');
        writeFileSync(join(root, 'assets/index-3f2a9c1b.js'), 'console.log(1);');
        writeFileSync(join(root, 'sw.js'), 'self.addEventListener("fetch", () => {});');
        writeFileSync(join(root, 'config.json'), '{ "apiBaseUrl": "" }');
        writeFileSync(join(root, 'manifest.webmanifest'), '{"name":"Graminsta"}');
        const configured = run('sh', [script], {
          env: { PATH: process.env.PATH, ...env, WEB_CONFIG_ROOT: root, WEB_ORIGINS_CONF: join(fixture.dir, 'web-origins.conf') },
        });
        assert.equal(configured.status, 0, configured.stderr);
      },
    });
    return nginx.base;
  }

  const separate = {
    GRAMINSTA_API_URL: 'https://api.example.com/',
    GRAMINSTA_MEDIA_BASE_URL: 'https://media.example.com/graminsta',
    GRAMINSTA_S3_PUBLIC_ENDPOINT: 'https://s3.eu-west-1.amazonaws.com',
    GRAMINSTA_S3_BUCKET: 'graminsta-media',
  };

  test("serves the app for its routes with the same policy the server sends, and no-cache", async (t) => {
    const base = await web(t, separate);
    for (const path of ['/', '/@alice', '/@alice/110011', '/tags/cats', '/settings/profile', '/auth/callback']) {
      const response = await fetch(base + path);
      assert.equal(response.status, 200, path);
      assert.match(await response.text(), /<div id="app">/, path);
      assert.equal(response.headers.get('cache-control'), 'no-cache', path);
      const policy = response.headers.get('content-security-policy');
      assert.match(policy, /script-src 'self';/);
      assert.match(policy, /frame-ancestors 'none'/);
      assert.match(policy, /object-src 'none'/);
      assert.doesNotMatch(policy, /unsafe-(inline|eval)/);
      assert.match(policy, /img-src 'self' blob: https:\/\/api\.example\.com https:\/\/media\.example\.com;/);
      assert.match(
        policy,
        /connect-src 'self' https:\/\/api\.example\.com wss:\/\/api\.example\.com https:\/\/graminsta-media\.s3\.eu-west-1\.amazonaws\.com;/,
      );
    }
  });

  test('writes config.json from GRAMINSTA_API_URL and serves it, the service worker and the manifest as no-cache', async (t) => {
    const base = await web(t, separate);
    const config = await fetch(`${base}/config.json`);
    assert.deepEqual(await config.json(), { apiBaseUrl: 'https://api.example.com' });
    assert.equal(config.headers.get('cache-control'), 'no-cache');
    assert.equal((await fetch(`${base}/sw.js`)).headers.get('cache-control'), 'no-cache');
    const manifest = await fetch(`${base}/manifest.webmanifest`);
    assert.equal(manifest.headers.get('content-type'), 'application/manifest+json');
  });

  test('serves hashed assets as immutable, and a missing one as a 404, never as the app', async (t) => {
    const base = await web(t, separate);
    const asset = await fetch(`${base}/assets/index-3f2a9c1b.js`);
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(asset.headers.get('content-security-policy'), null);
    const missing = await fetch(`${base}/assets/index-00000000.js`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('cache-control'), null);
  });

  test("answers the server's paths with 404 rather than the app", async (t) => {
    const base = await web(t, separate);
    for (const path of ['/api/v1/instance', '/oauth/authorize', '/actuator/health', '/media/attachments/x.jpg']) {
      assert.equal((await fetch(base + path)).status, 404, path);
    }
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
  });

  test('with nothing set, the app calls its own origin and the policy allows only it', async (t) => {
    const base = await web(t, {});
    assert.deepEqual(await (await fetch(`${base}/config.json`)).json(), { apiBaseUrl: '' });
    const policy = (await fetch(`${base}/`)).headers.get('content-security-policy');
    assert.match(policy, /img-src 'self' blob: ;/);
    assert.match(policy, /connect-src 'self' ;/);
  });

  test('with path-style S3 (MinIO), allows uploads to the endpoint itself', async (t) => {
    const base = await web(t, { GRAMINSTA_S3_PUBLIC_ENDPOINT: 'http://localhost:9000', GRAMINSTA_S3_PATH_STYLE: 'true' });
    const policy = (await fetch(`${base}/`)).headers.get('content-security-policy');
    assert.match(policy, /connect-src 'self' http:\/\/localhost:9000;/);
  });

  test('refuses a value that would break out of config.json or the nginx string', (t) => {
    const dir = copyOfDeploy(t);
    const bad = [
      { GRAMINSTA_API_URL: 'https://api.example.com"; add_header X 1' },
      { GRAMINSTA_API_URL: 'https://api.example.com\n"evil' },
      { GRAMINSTA_API_URL: 'javascript:alert(1)' },
      { GRAMINSTA_MEDIA_BASE_URL: "https://media.example.com 'unsafe-inline'" },
      { GRAMINSTA_S3_PUBLIC_ENDPOINT: 'https://s3.example.com', GRAMINSTA_S3_BUCKET: 'a";b' },
    ];
    for (const env of bad) {
      writeFileSync(join(dir, 'config.json'), 'untouched');
      const result = run('sh', [script], {
        env: { PATH: process.env.PATH, ...env, WEB_CONFIG_ROOT: dir, WEB_ORIGINS_CONF: join(dir, 'origins.conf') },
      });
      assert.notEqual(result.status, 0, JSON.stringify(env));
      assert.match(result.stderr, /graminsta-web: /);
      assert.equal(read(join(dir, 'config.json')), 'untouched');
    }
  });
});
