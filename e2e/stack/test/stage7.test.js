// Stage 7: separate tiers and monitoring. Two API instances (GRAMINSTA_ROLES=api), a worker and
// two streaming instances behind the balancer, which sends /api/v1/streaming to the streaming
// tier; Prometheus scrapes every process and the PostgreSQL, Redis and nginx exporters, with the
// alert rules loaded. Each tier serves only its role; a photo waits while the worker is paused and
// is processed once it resumes; a WebSocket through the balancer gets a post made through the API,
// and so does one opened after it was closed; every dashboard panel's query returns series; `stack top` lists the routes, slowest first; a
// streaming instance killed with kill -9 loses its clients to the other one, where they get new
// posts. Bounded to four minutes; it holds /tmp/graminsta-stack.lock while its stack runs, unless
// its caller already does.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { Api, ok, openWebSocket, PHOTO, postPhoto, ROOT, signUp, sleep, Stack, stackLock, waitProcessed } from '../support.js';

const DASHBOARDS = join(ROOT, 'deploy', 'monitoring', 'dashboards');
const ALERTS = join(ROOT, 'deploy', 'monitoring', 'alerts.yml');
const run = promisify(execFile);

describe('stage 7: API, worker and streaming tiers, and Prometheus over all of it', { timeout: 240_000 }, () => {
  const stack = new Stack(Number(process.env.GRAMINSTA_STACK_TEST_PORT ?? 18900));
  let lock;
  let status;
  let lb;
  let prometheus;
  let alice;
  let bob;

  before(async () => {
    lock = await stackLock();
    status = await stack.up(7);
    lb = new Api(component('lb').url);
    prometheus = component('prometheus').url;
    [alice, bob] = await Promise.all([signUp(lb, 'alice'), signUp(lb, 'bob')]);
  });

  after(async () => {
    try {
      await stack.destroy();
    } finally {
      lock?.release();
    }
  });

  test('status lists each tier with its roles, Prometheus and the exporters', () => {
    const roles = Object.fromEntries(graminsta().map((c) => [c.name, c.roles]));
    assert.deepEqual(roles, {
      'instance-1': ['api'], 'instance-2': ['api'], 'worker-1': ['worker'], 'streaming-1': ['streaming'], 'streaming-2': ['streaming'],
    });
    for (const name of ['prometheus', 'exporter-postgres', 'exporter-redis', 'exporter-nginx', ...Object.keys(roles)]) {
      assert.equal(component(name).health, 'up', name);
    }
    for (const instance of graminsta()) {
      assert.ok(Number.isInteger(instance.management_port), `${instance.name} has a management port`);
    }
  });

  test('each tier serves only its role, and the balancer sends the streaming API to the streaming tier', async () => {
    const on = (name, path) => new Api(component(name).url).get(path);
    for (const name of ['instance-1', 'instance-2']) {
      assert.equal((await on(name, '/api/v1/instance')).status, 200, `${name} serves the API`);
      assert.equal((await on(name, '/api/v1/streaming/health')).status, 404, `${name} does not stream`);
    }
    for (const name of ['streaming-1', 'streaming-2']) {
      assert.equal((await on(name, '/api/v1/streaming/health')).body, 'OK', `${name} streams`);
      assert.equal((await on(name, '/api/v1/instance')).status, 404, `${name} does not serve the API`);
    }
    assert.equal((await on('worker-1', '/api/v1/instance')).status, 404, 'the worker serves no API');
    assert.equal((await on('worker-1', '/api/v1/streaming/health')).status, 404, 'the worker does not stream');

    const streamingPorts = ['streaming-1', 'streaming-2'].map((name) => component(name).port);
    const logged = stack.log('lb', 'access.log').length;
    for (let i = 0; i < 4; i++) assert.equal((await ok(lb.get('/api/v1/streaming/health'))), 'OK');
    // nginx writes a request's log line after its response has gone: the last one may come a
    // moment after the client has read it.
    let upstreams;
    for (const deadline = Date.now() + 5_000; ;) {
      upstreams = [...stack.log('lb', 'access.log').slice(logged).matchAll(/"GET \/api\/v1\/streaming\/health [^"]*" 200 .* upstream=127\.0\.0\.1:(\d+)/g)]
        .map((match) => Number(match[1]));
      if (upstreams.length >= 4 || Date.now() > deadline) break;
      await sleep(100);
    }
    assert.equal(upstreams.length, 4);
    assert.ok(upstreams.every((port) => streamingPorts.includes(port)), `the streaming tier answered (${upstreams})`);
  });

  test('the worker processes the photos: one waits while the worker is paused, and is processed once it resumes', async () => {
    const worker = component('worker-1');
    process.kill(worker.pid, 'SIGSTOP');
    let media;
    try {
      const form = new FormData();
      form.append('file', new Blob([PHOTO], { type: 'image/jpeg' }), 'sunset.jpg');
      media = await ok(alice.api.post('/api/v2/media', { form }), [202]);
      await sleep(3_000);
      assert.equal((await alice.api.get(`/api/v1/media/${media.id}`)).status, 206, 'no API instance processed it');
    } finally {
      process.kill(worker.pid, 'SIGCONT');
    }
    const processed = await waitProcessed(alice.api, media.id, 30_000);
    assert.ok(processed.url, 'processed once the worker resumed');
  });

  test('a WebSocket through the balancer gets a post made through the API', async () => {
    const socket = await openWebSocket(streamUrl(alice.token));
    try {
      await waitSubscribers('timeline:public', 1, 'the socket\'s instance subscribed');
      const post = await postPhoto(bob.api, 'Streamed through the tiers');
      const event = await socket.next((e) => e.event === 'update' && JSON.parse(e.payload).id === post.id, 'update for the post');
      assert.equal(JSON.parse(event.payload).content.includes('Streamed through the tiers'), true);
    } finally {
      await socket.close();
    }
  });

  // Closing a socket unsubscribes its instance from the channel once no one else there listens,
  // and opening one subscribes the instance it reaches. Mastodon's protocol confirms no
  // subscription: the handshake is answered before the server has subscribed in Redis, and a post
  // published before that is lost (clients refetch through the REST API), so each round waits
  // until Redis counts the new subscription, as the server's own tests do (decision 0031).
  test('a client that closes its WebSocket and opens another gets the next post on the new one', async () => {
    for (let round = 0; round < 2; round++) {
      await waitSubscribers('timeline:public', 0, `round ${round}: no instance subscribed once every socket is closed`);
      const socket = await openWebSocket(streamUrl(alice.token));
      try {
        await waitSubscribers('timeline:public', 1, `round ${round}: the new socket's instance subscribed`);
        const post = await postPhoto(bob.api, `Round ${round}`);
        await socket.next((e) => e.event === 'update' && JSON.parse(e.payload).id === post.id, `update in round ${round}`);
      } finally {
        await socket.close();
      }
    }
  });

  test('Prometheus scrapes every process and exporter, and has the alert rules loaded', async (t) => {
    // A scrape every 5 s; the worker was paused a moment ago.
    let targets;
    for (const deadline = Date.now() + 30_000; ;) {
      targets = (await query('/api/v1/targets?state=active')).activeTargets;
      if (targets.length && targets.every((target) => target.health === 'up')) break;
      assert.ok(Date.now() < deadline, `every target up within 30 s: ${JSON.stringify(targets.filter((x) => x.health !== 'up').map((x) => [x.scrapeUrl, x.lastError]))}`);
      await sleep(1_000);
    }
    const perJob = {};
    for (const target of targets) perJob[target.labels.job] = (perJob[target.labels.job] ?? 0) + 1;
    assert.deepEqual(perJob, {
      'graminsta-api': 2, 'graminsta-worker': 1, 'graminsta-streaming': 2, postgres: 1, redis: 6, nginx: 1, prometheus: 1,
    });
    assert.equal(await value('sum(pg_stat_database_numbackends{datname="graminsta"} > bool 0)'), 3, 'the primary and both replicas, through the exporter');
    assert.equal(await value('count(redis_up == 1)'), 6, 'each Redis node, through the exporter');
    assert.equal(await value('nginx_up'), 1, 'the balancer, through the exporter');

    const alerts = [...readFileSync(ALERTS, 'utf8').matchAll(/^\s*- alert: (\S+)/gm)].map((match) => match[1]);
    const loaded = (await query('/api/v1/rules')).groups.flatMap((group) => group.rules.map((rule) => rule.name));
    assert.ok(alerts.length >= 5);
    assert.deepEqual(loaded.sort(), alerts.sort());
    t.diagnostic(`${targets.length} targets up; alert rules loaded: ${loaded.join(', ')}`);
  });

  test('every dashboard panel\'s query returns series from the stack\'s Prometheus', async (t) => {
    // Traffic for each panel in the last minute, scraped at least twice since (rate() needs two
    // samples): requests, a photo processed, a post and its page read. The streaming series exist
    // since the event delivered above.
    const post = await postPhoto(bob.api, 'For the dashboards');
    // A status's page: the status cache, hits and misses.
    await ok(alice.api.get(`/api/v1/statuses/${post.id}`));
    await ok(alice.api.get(`/api/v1/statuses/${post.id}`));
    const queries = panelQueries();
    assert.ok(queries.length > 10, 'the dashboards have their panels');
    let empty;
    for (const deadline = Date.now() + 30_000; ;) {
      empty = [];
      for (const { panel, expr } of queries) {
        const result = await query(`/api/v1/query?query=${encodeURIComponent(expr)}`);
        if (!result.result.length) empty.push(`${panel}: ${expr}`);
      }
      if (!empty.length) break;
      assert.ok(Date.now() < deadline, `every panel's query returns series within 30 s; none for:\n${empty.join('\n')}`);
      await sleep(2_000);
    }
    t.diagnostic(`${queries.length} panel queries, each with series`);
  });

  test('stack top prints the routes with traffic, slowest p99 first', async (t) => {
    // Reads of a post's page and the public timeline across three scrapes: a rate needs two
    // samples of a series, and does not count the series' first appearance.
    const post = await postPhoto(alice.api, 'For the top');
    for (const until = Date.now() + 12_000; Date.now() < until;) {
      await ok(bob.api.get(`/api/v1/statuses/${post.id}`));
      await ok(bob.api.get('/api/v1/timelines/public'));
      await sleep(250);
    }
    let out;
    for (const deadline = Date.now() + 20_000; ;) {
      out = await stack.command('top', '--window', '5m', '--limit', '20');
      if (out.includes('/api/v1/statuses/{id}') && out.includes('/api/v1/timelines/public')) break;
      assert.ok(Date.now() < deadline, `the routes read are listed within 20 s:\n${out}`);
      await sleep(2_000);
    }
    t.diagnostic(`\n${out}`);
    const lines = out.split('\n');
    const header = lines.findIndex((line) => /METHOD\s+ROUTE\s+P99\s+P50\s+REQ\/S\s+5XX/.test(line));
    assert.ok(header >= 0, 'a header');
    // GET  /api/v1/statuses/{id}  12.5 ms  3.1 ms  0.20  0.0%
    const rows = lines.slice(header + 1).filter((line) => line.trim()).map((line) => {
      const row = /^\s*(\S+)\s+(\S+)\s+([\d.]+ m?s|-)\s+([\d.]+ m?s|-)\s+([\d.]+)\s+([\d.]+)%$/.exec(line);
      assert.ok(row, `a row of the table: ${line}`);
      return { route: `${row[1]} ${row[2]}`, p99: row[3], rate: Number(row[5]) };
    });
    const routes = rows.map((row) => row.route);
    for (const route of ['GET /api/v1/statuses/{id}', 'GET /api/v1/timelines/public', 'POST /api/v1/statuses']) {
      assert.ok(routes.includes(route), `${route} is listed: ${routes}`);
    }
    assert.ok(!routes.some((r) => r.includes('/api/v1/streaming') || r.includes('/actuator')), 'no streams or probes');
    assert.ok(rows.every((row) => row.rate > 0), 'only routes with traffic');
    const p99s = rows.filter((row) => row.p99 !== '-')
      .map((row) => Number.parseFloat(row.p99) * (row.p99.endsWith(' s') ? 1000 : 1));
    assert.deepEqual(p99s, [...p99s].sort((a, b) => b - a), 'slowest p99 first');
  });

  test('a streaming instance killed with kill -9: its WebSocket clients reconnect through the balancer to the other one and get new posts', async (t) => {
    const socket = await openWebSocket(streamUrl(alice.token));
    const holder = await streamingHolder();
    process.kill(holder.pid, 'SIGKILL');
    const killed = Date.now();
    const ended = await Promise.race([socket.closed, sleep(10_000).then(() => 'open')]);
    assert.notEqual(ended, 'open', 'the client learns within 10 s that its connection is gone');
    const again = await openWebSocket(streamUrl(alice.token));
    try {
      const reconnected = Date.now() - killed;
      await waitSubscribers('timeline:public', 1, 'the surviving instance subscribed');
      const post = await postPhoto(bob.api, 'After the crash');
      await again.next((e) => e.event === 'update' && JSON.parse(e.payload).id === post.id, 'update after the reconnection');
      const survivor = graminsta().find((c) => c.name.startsWith('streaming-') && c.name !== holder.name);
      assert.equal(await streamingConnections(survivor), 1, `${survivor.name} holds the new connection`);
      t.diagnostic(`${holder.name} killed; the client reconnected to ${survivor.name} ${reconnected} ms later and got the next post`);
    } finally {
      await again.close();
    }
  });

  function component(name) {
    const found = status.components.find((c) => c.name === name);
    assert.ok(found, `the stack has a ${name}`);
    return found;
  }

  function graminsta() {
    return status.components.filter((c) => /^(instance|worker|streaming)-\d+$/.test(c.name));
  }

  function streamUrl(token) {
    return `${component('lb').url}/api/v1/streaming?stream=public&access_token=${encodeURIComponent(token)}`;
  }

  /** The streaming instance that holds the one open connection. */
  async function streamingHolder() {
    for (const deadline = Date.now() + 5_000; ;) {
      for (const instance of graminsta().filter((c) => c.name.startsWith('streaming-'))) {
        if (await streamingConnections(instance) === 1) return instance;
      }
      assert.ok(Date.now() < deadline, 'a streaming instance reports the connection');
      await sleep(100);
    }
  }

  async function streamingConnections(instance) {
    const metrics = await (await fetch(`http://127.0.0.1:${instance.management_port}/actuator/prometheus`)).text();
    return Number(/^graminsta_streaming_connections(?:\{[^}]*\})? (\S+)$/m.exec(metrics)?.[1] ?? 0);
  }

  /** Waits until the Redis Cluster counts `count` subscribers of the channel (each node counts its own clients). */
  async function waitSubscribers(channel, count, what) {
    const nodes = status.components.filter((c) => /^redis-\d+$/.test(c.name));
    let counts;
    for (const deadline = Date.now() + 10_000; ;) {
      counts = await Promise.all(nodes.map(async (node) => {
        const { stdout } = await run('redis-cli', ['-p', String(node.port), 'pubsub', 'numsub', `graminsta:${channel}`]);
        return Number(stdout.trim().split('\n')[1]);
      }));
      if (counts.reduce((a, b) => a + b, 0) === count) return;
      assert.ok(Date.now() < deadline, `${what} within 10 s: subscribers per node ${counts}`);
      await sleep(50);
    }
  }

  async function query(path) {
    const response = await fetch(prometheus + path, { signal: AbortSignal.timeout(10_000) });
    const body = await response.json();
    assert.equal(body.status, 'success', `${path}: ${JSON.stringify(body)}`);
    return body.data;
  }

  async function value(expr) {
    const [first] = (await query(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result;
    assert.ok(first, `${expr} returns a series`);
    return Number(first.value[1]);
  }

  /** Every target of every panel (rows' panels included), with Grafana's interval as 1m. */
  function panelQueries() {
    const queries = [];
    for (const file of readdirSync(DASHBOARDS).filter((f) => f.endsWith('.json'))) {
      const dashboard = JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8'));
      for (const panel of dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])])) {
        for (const target of panel.targets ?? []) {
          queries.push({ panel: `${file} / ${panel.title}`, expr: target.expr.replaceAll('$__rate_interval', '1m').replaceAll('$__interval', '1m') });
        }
      }
    }
    return queries;
  }
});
