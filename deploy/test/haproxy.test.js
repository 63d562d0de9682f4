// deploy/haproxy/haproxy.cfg: `haproxy -c` accepts it as it is, and a real HAProxy run from a
// copy (static loopback servers in place of the DNS-discovered replicas) checks readiness,
// retries only what is safe to retry, and keeps /actuator and oversized uploads out.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { copyOfDeploy, eventually, freePort, onCleanup, read, run, seconds, start, tool, DEPLOY, REPO } from './support.js';

const CONFIG = join(DEPLOY, 'haproxy/haproxy.cfg');

function section(text, header) {
  const from = text.indexOf(`\n${header}\n`);
  assert.notEqual(from, -1, `no section "${header}"`);
  const rest = text.slice(from + header.length + 2);
  const end = rest.search(/\n(?:global|defaults|frontend|backend|listen|resolvers)\b/);
  return end === -1 ? rest : rest.slice(0, end);
}

/** The status of a POST sent on a new connection. */
function post(address, body, headers = {}) {
  return new Promise((resolveStatus, reject) => {
    const url = new URL(address);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers, agent: false }, (res) => {
      res.resume();
      resolveStatus(res.statusCode);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('haproxy.cfg', { timeout: 60_000 }, () => {
  test('passes haproxy -c, warning only about the replicas it will find through DNS at run time', () => {
    const result = run(tool('haproxy'), ['-c', '-f', CONFIG]);
    assert.equal(result.status, 0, result.stderr);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('[WARNING]'));
    const others = warnings.filter((line) => !/could not resolve address '(api|streaming)', disabling server/.test(line));
    assert.deepEqual(others, []);
  });

  test('balances on least connections and checks readiness in every backend', () => {
    const text = read(CONFIG);
    for (const backend of ['backend graminsta_api', 'backend graminsta_streaming']) {
      const body = section(text, backend);
      assert.match(body, /^\s*balance leastconn$/m, backend);
      assert.match(body, /^\s*option httpchk GET \/actuator\/health\/readiness$/m, backend);
      assert.match(body, /^\s*http-check expect status 200$/m, backend);
      assert.match(body, /^\s*default-server check .*\bslowstart \d+s\b/m, backend);
    }
    const defaults = section(text, 'defaults');
    assert.match(defaults, /^\s*retries [1-3]$/m);
    assert.match(defaults, /^\s*option redispatch\b/m);
    assert.match(defaults, /^\s*retry-on conn-failure empty-response response-timeout 503$/m);
  });

  test('takes a draining instance out within the first half of its drain, and closes idle connections early', () => {
    const text = read(CONFIG);
    const drain = seconds(/GRAMINSTA_SHUTDOWN_DRAIN: (\w+)/.exec(read(join(DEPLOY, 'compose/stage-4.yml')))[1]);
    const serverKeepAlive = seconds(/keep-alive-timeout: (\w+)/.exec(read(join(REPO, 'server/src/main/resources/application.yml')))[1]);
    const api = section(text, 'backend graminsta_api');
    const line = /^\s*default-server check (.*)$/m.exec(api)[1];
    const option = (name) => seconds(new RegExp(`\\b${name} (\\w+)`).exec(line)[1]);
    const fall = Number(/\bfall (\d+)/.exec(line)[1]);
    // Readiness turns 503 just after a check at worst: one interval, then fall - 1 fast ones.
    const out = option('inter') + (fall - 1) * option('fastinter');
    assert.ok(out < drain / 2, `out of rotation within ${out} s, inside the first half of the ${drain} s drain`);
    assert.ok(option('pool-purge-delay') * 4 < serverKeepAlive, 'idle server connections purged long before the server closes them');
    assert.match(api, /^\s*http-reuse safe$/m);
  });

  /** A copy that runs here: loopback ports, and these servers instead of the DNS templates. */
  async function startHaproxy(t, servers) {
    const copy = copyOfDeploy(t);
    const [port, stats] = [await freePort(), await freePort()];
    const socket = join(copy, 'admin.sock');
    let text = read(join(copy, 'haproxy/haproxy.cfg'));
    const replace = (from, to) => {
      assert.ok(text.includes(from), `expected "${from}"`);
      text = text.replaceAll(from, to);
    };
    replace('bind :8080', `bind 127.0.0.1:${port}`);
    replace('bind :8404', `bind 127.0.0.1:${stats}`);
    replace('stats socket /tmp/haproxy-admin.sock', `stats socket ${socket}`);
    replace(
      'server-template api- 1-10 api:8080 resolvers docker init-addr last,libc,none',
      servers.map((server, i) => `server api-${i + 1} 127.0.0.1:${server.port}`).join('\n    '),
    );
    const file = join(copy, 'haproxy/haproxy.cfg');
    writeFileSync(file, text);
    const haproxy = start(t, tool('haproxy'), ['-db', '-f', file]);
    const admin = (command) =>
      new Promise((resolveAnswer, reject) => {
        const connection = connect(socket, () => connection.end(`${command}\n`));
        let answer = '';
        connection.on('data', (chunk) => (answer += chunk));
        connection.on('end', () => resolveAnswer(answer));
        connection.on('error', reject);
      });
    /** "UP", "DOWN", ... of one server in the API backend, from the runtime API. */
    const state = async (name) => {
      const csv = await admin('show stat');
      const row = csv.split('\n').find((line) => line.startsWith(`graminsta_api,${name},`));
      assert.ok(row, `no ${name} in:\n${csv}\n${haproxy.output()}`);
      return row.split(',')[17];
    };
    await eventually(() => {
      assert.equal(haproxy.child.exitCode, null, `haproxy exited:\n${haproxy.output()}`);
      return state('api-1');
    });
    return { base: `http://127.0.0.1:${port}`, state };
  }

  /** An instance stand-in: ready says what /actuator/health/readiness answers; onRequest the rest. */
  async function instance(t, name, { ready = true, onRequest } = {}) {
    const seen = [];
    const server = createServer((req, res) => {
      if (req.url === '/actuator/health/readiness') {
        res.writeHead(ready ? 200 : 503).end(ready ? '{"status":"UP"}' : '{"status":"OUT_OF_SERVICE"}');
        return;
      }
      seen.push({ method: req.method, url: req.url, headers: req.headers });
      if (onRequest) return onRequest(req, res);
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(name);
    });
    await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
    onCleanup(t, () => {
      const closed = new Promise((done) => server.close(done));
      server.closeAllConnections();
      return closed;
    });
    return { name, port: server.address().port, seen };
  }

  test('sends nothing to an instance that is not ready (starting, or draining after SIGTERM)', async (t) => {
    const ready = await instance(t, 'ready');
    const draining = await instance(t, 'draining', { ready: false });
    const lb = await startHaproxy(t, [ready, draining]);
    await eventually(async () => assert.equal(await lb.state('api-2'), 'DOWN'), 15_000, 250);
    assert.equal(await lb.state('api-1'), 'UP');
    draining.seen.length = 0;
    for (let i = 0; i < 8; i++) {
      const response = await fetch(`${lb.base}/api/v1/timelines/public?n=${i}`);
      assert.equal(await response.text(), 'ready');
    }
    assert.equal(draining.seen.length, 0);
    assert.equal(ready.seen.at(-1).headers['x-forwarded-for'], '127.0.0.1');
  });

  test('replays a GET that got no answer on another instance, but never a POST', async (t) => {
    const good = await instance(t, 'good');
    const hangsUp = await instance(t, 'hangs-up', { onRequest: (req) => req.socket.destroy() });
    const lb = await startHaproxy(t, [good, hangsUp]);
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${lb.base}/api/v1/timelines/home?n=${i}`);
      assert.equal(response.status, 200, `GET ${i}`);
    }
    const getsLost = hangsUp.seen.filter((request) => request.method === 'GET').length;
    assert.ok(getsLost >= 1, 'no GET reached the failing instance: the test proves nothing');
    // Each POST on a connection of its own: on a reused client connection HAProxy answers a
    // server's silent close with a silent close (as the server itself would have), not a 502.
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(await post(`${lb.base}/api/v1/statuses?n=${i}`, 'status=hi'));
    }
    const postsLost = hangsUp.seen.filter((request) => request.method === 'POST');
    assert.ok(postsLost.length >= 1, 'no POST reached the failing instance: the test proves nothing');
    // Each POST the failing instance took was answered with an error, not sent again.
    assert.equal(statuses.filter((status) => status === 502).length, postsLost.length);
    const posted = good.seen.filter((request) => request.method === 'POST').map((request) => request.url);
    for (const lost of postsLost) assert.ok(!posted.includes(lost.url), `${lost.url} was replayed`);
  });

  test('replays a post with an Idempotency-Key that got no answer, since the server posts once per key', async (t) => {
    const good = await instance(t, 'good');
    const hangsUp = await instance(t, 'hangs-up', { onRequest: (req) => req.socket.destroy() });
    const lb = await startHaproxy(t, [good, hangsUp]);
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(await post(`${lb.base}/api/v1/statuses?n=${i}`, 'status=hi', { 'Idempotency-Key': `key-${i}` }));
    }
    assert.ok(hangsUp.seen.some((request) => request.method === 'POST'), 'no post reached the failing instance: the test proves nothing');
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200]);
    // Elsewhere the key means nothing to the server: such a POST is not replayed.
    const others = [];
    const before = hangsUp.seen.length;
    for (let i = 0; i < 6 && hangsUp.seen.length === before; i++) {
      others.push(await post(`${lb.base}/api/v1/statuses/1/favourite?n=${i}`, '', { 'Idempotency-Key': `fav-${i}` }));
    }
    assert.ok(hangsUp.seen.length > before, 'no favourite reached the failing instance: the test proves nothing');
    assert.equal(others.at(-1), 502);
  });

  /**
   * A stand-in that stops as the server does on SIGTERM (ShutdownDrain, docs/decisions/0010):
   * not ready and closing each connection after its response; in the drain's second half GETs
   * get 503; then it waits (at most the drain again) until no connection is open. Then it stops
   * as Tomcat does, paused first: anything still sent to it, on a new connection or an idle one,
   * gets 503 for a second, after which its connections are closed.
   */
  async function stoppingInstance(t, name, drainMs) {
    let phase = 'serving';
    const seen = { serving: 0, draining: 0, leaving: 0, paused: [] };
    const server = createServer((req, res) => {
      if (req.url === '/actuator/health/readiness') {
        const ready = phase === 'serving';
        res.writeHead(ready ? 200 : 503, phase === 'serving' ? {} : { Connection: 'close' }).end();
        return;
      }
      if (phase === 'paused') {
        seen.paused.push(`${req.method} ${req.url}`);
        res.writeHead(503, { Connection: 'close' }).end();
        return;
      }
      seen[phase]++;
      const headers = phase === 'serving' ? {} : { Connection: 'close' };
      if (phase === 'leaving' && ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'].includes(req.method)) {
        res.writeHead(503, { ...headers, 'Retry-After': '1' }).end();
        return;
      }
      // A little work, so that requests overlap as they do on a real instance.
      req.resume();
      req.on('end', () => setTimeout(() => res.writeHead(200, headers).end(name), 5));
    });
    await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
    const connections = () => new Promise((counted) => server.getConnections((error, count) => counted(error ? 0 : count)));
    const wait = (ms) => new Promise((done) => setTimeout(done, ms));
    onCleanup(t, () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(done));
    });
    return {
      name,
      port: server.address().port,
      seen,
      async sigterm() {
        phase = 'draining';
        await wait(drainMs / 2);
        phase = 'leaving';
        await wait(drainMs / 2);
        for (const until = Date.now() + drainMs; (await connections()) > 0 && Date.now() < until;) await wait(20);
        phase = 'paused';
        await wait(1_000);
        server.closeAllConnections();
        await new Promise((done) => server.close(done));
      },
    };
  }

  test('an instance stopping under load (SIGTERM, a rolling restart) costs no request, keyed or not', { timeout: 60_000 }, async (t) => {
    const drain = seconds(/GRAMINSTA_SHUTDOWN_DRAIN: (\w+)/.exec(read(join(DEPLOY, 'compose/stage-4.yml')))[1]) * 1000;
    const stays = await instance(t, 'stays');
    const stopping = await stoppingInstance(t, 'stopping', drain);
    const lb = await startHaproxy(t, [stays, stopping]);
    await eventually(async () => {
      assert.equal(await lb.state('api-1'), 'UP');
      assert.equal(await lb.state('api-2'), 'UP');
    }, 15_000, 250);
    let running = true;
    const failed = [];
    const sent = { get: 0, keyed: 0, keyless: 0 };
    const client = async (worker) => {
      for (let i = 0; running; i++) {
        const kind = ['get', 'keyed', 'keyless'][(i + worker) % 3];
        sent[kind]++;
        const init = kind === 'get' ? {} : {
          method: 'POST',
          headers: kind === 'keyed' ? { 'Idempotency-Key': `${worker}-${i}` } : {},
          body: 'status=hi',
        };
        const path = kind === 'get' ? '/api/v1/timelines/home' : '/api/v1/statuses';
        try {
          const response = await fetch(`${lb.base}${path}?w=${worker}&i=${i}`, init);
          await response.arrayBuffer();
          if (response.status !== 200) failed.push(`${kind} ${response.status}`);
        } catch (error) {
          failed.push(`${kind} ${error.cause?.code ?? error}`);
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, worker) => client(worker));
    await eventually(() => assert.ok(stopping.seen.serving >= 5), 10_000, 50);
    await stopping.sigterm();
    await new Promise((done) => setTimeout(done, 500));
    running = false;
    await Promise.all(clients);
    t.diagnostic(`sent ${JSON.stringify(sent)}; the stopping instance served ${JSON.stringify({ ...stopping.seen, paused: stopping.seen.paused.length })}`);
    assert.deepEqual(failed, [], 'no request failed');
    assert.deepEqual(stopping.seen.paused, [], 'nothing was sent to the instance once it stopped reading');
  });

  test('keeps /actuator away from the internet and refuses uploads over 21 MB', async (t) => {
    const only = await instance(t, 'only');
    const lb = await startHaproxy(t, [only]);
    for (const path of ['/actuator', '/actuator/health', '/actuator/prometheus']) {
      assert.equal((await fetch(lb.base + path)).status, 404, path);
    }
    const refused = await new Promise((resolveStatus, reject) => {
      const url = new URL(lb.base);
      const req = request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/api/v2/media',
        headers: { 'Content-Length': 22 * 1024 * 1024, Expect: '100-continue' },
      });
      req.on('response', (res) => {
        resolveStatus(res.statusCode);
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    assert.equal(refused, 413);
    assert.equal(only.seen.length, 0);
  });
});
