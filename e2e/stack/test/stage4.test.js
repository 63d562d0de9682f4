// Stage 4: three stateless instances behind nginx. Any request may go to any instance; one
// instance killed outright costs no read and duplicates no post; an instance stopped with SIGTERM
// (scale-in) and rolling restarts cost nothing, even on a machine busy with other work.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Load } from '../load.js';
import { Api, busyMachine, ok, PHOTO, postPhoto, signUp, sleep, Stack, stackLock, watchDrains, waitProcessed } from '../support.js';

const INSTANCES = 3;
// What GET /api/v1/statuses/:id/context lists of a signed-in reader's thread at most.
const CONTEXT_MAX = 4096;
// Many clients at once, half of their requests comments and every other comment without a key:
// on a machine kept busy, a stopping instance holds requests it accepted but has not yet read,
// and many of them are POSTs, which the balancer may not resend.
const BUSY_LOAD = { workers: 16, keyless: 2, commentEvery: 2 };
// When an instance starts to drain, a wave of comments from as many clients again (half without
// a key), until a moment after it stopped accepting connections: the drain's end, when the
// socket closes, is where a POST can meet a connection being closed (decision 0010).
const SURGE = { workers: 16, commentEvery: 1 };
const SURGE_AFTER_GONE_MS = 2_000;
// Rolling restarts one after the other, each instance draining once per round; more rounds give
// the race more chances (GRAMINSTA_STACK_TEST_RESTART_ROUNDS, for runs by hand).
const RESTART_ROUNDS = Number(process.env.GRAMINSTA_STACK_TEST_RESTART_ROUNDS ?? 2);
// A round takes about 100 s on a busy two-core machine; a stuck one must fail, not hang.
const ROUND_TIMEOUT_MS = 240_000;

const SUITE_TIMEOUT_MS = 600_000 + RESTART_ROUNDS * ROUND_TIMEOUT_MS;

describe('stage 4: a load balancer over three instances', { timeout: SUITE_TIMEOUT_MS }, () => {
  const stack = new Stack(Number(process.env.GRAMINSTA_STACK_TEST_PORT ?? 18400));
  let lock;
  let lb;
  let instances;
  let alice;
  let post;

  before(async () => {
    lock = await stackLock(SUITE_TIMEOUT_MS / 1000);
    const status = await stack.up(4, INSTANCES);
    lb = new Api(status.components.find((c) => c.name === 'lb').url);
    instances = status.components.filter((c) => c.name.startsWith('instance-')).map((c) => new Api(c.url));
    assert.equal(instances.length, INSTANCES);
    alice = await signUp(lb, 'alice');
    post = await postPhoto(alice.api, 'Load-balanced #sunset');
  });

  after(async () => {
    try {
      await stack.destroy();
    } finally {
      lock?.release();
    }
  });

  test('status lists every component with its URL, port, pid and health', async () => {
    const status = await stack.status();
    assert.equal(status.stage, 4);
    assert.deepEqual(status.components.map((c) => c.name),
      ['postgres', 'instance-1', 'instance-2', 'instance-3', 'lb', 'web']);
    for (const component of status.components) {
      assert.equal(component.health, 'up', `${component.name} is up`);
      assert.ok(Number.isInteger(component.pid) && component.pid > 0, `${component.name} has a pid`);
      assert.ok(component.url.includes(`:${component.port}`), `${component.name}'s URL names its port`);
    }
  });

  test('the web app is served by its own server and points at the load balancer', async () => {
    const web = new Api((await stack.component('web')).url);
    const config = await ok(web.get('/config.json'));
    assert.equal(config.apiBaseUrl, lb.baseUrl);
    const page = await web.get('/explore');
    assert.equal(page.status, 200);
    assert.match(page.body, /<script type="module" crossorigin src="\/assets\//);
    assert.match(page.headers.get('content-security-policy'), /script-src 'self'/);
  });

  test('sign-in started on one instance finishes on another', async () => {
    const [first, second, third] = instances;
    const app = await ok(first.post('/api/v1/apps', {
      json: { client_name: 'cross-instance', redirect_uris: 'http://127.0.0.1:9/callback', scopes: 'read write' },
    }));
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({
      response_type: 'code', client_id: app.client_id, redirect_uri: 'http://127.0.0.1:9/callback',
      scope: 'read write', code_challenge: challenge, code_challenge_method: 'S256',
    });
    const page = await fetch(`${first.baseUrl}/oauth/authorize?${query}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const form = new URLSearchParams();
    for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
      form.append(name, value.replaceAll('&amp;', '&').replaceAll('&quot;', '"'));
    }
    form.append('login', alice.username);
    form.append('password', alice.password);
    form.append('decision', 'allow');

    const decided = await fetch(`${second.baseUrl}/oauth/authorize`, {
      method: 'POST', body: form, headers: { Cookie: cookie }, redirect: 'manual',
    });
    assert.equal(decided.status, 302, 'the second instance accepts the form the first one rendered');
    const code = new URL(decided.headers.get('location')).searchParams.get('code');
    assert.ok(code);

    const token = await ok(third.post('/oauth/token', {
      json: {
        grant_type: 'authorization_code', code, client_id: app.client_id, client_secret: app.client_secret,
        redirect_uri: 'http://127.0.0.1:9/callback', code_verifier: verifier,
      },
    }));
    const me = await ok(first.as(token.access_token).get('/api/v1/accounts/verify_credentials'));
    assert.equal(me.username, alice.username);
  });

  test('an upload made on one instance is processed and served by the others', async () => {
    const [first, second, third] = instances.map((api) => api.as(alice.token));
    const form = new FormData();
    form.append('file', new Blob([PHOTO], { type: 'image/jpeg' }), 'sunset.jpg');
    const media = await ok(first.post('/api/v2/media', { form }), [200, 202]);
    const processed = await waitProcessed(second, media.id);
    const image = await fetch(processed.preview_url);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/jpeg');
    const status = await ok(third.post('/api/v1/statuses', { json: { status: 'Across instances', media_ids: [media.id] } }));
    assert.equal(status.media_attachments[0].id, media.id);
  });

  test('a page link from one instance works on another', async () => {
    for (let i = 0; i < 3; i++) await postPhoto(alice.api, `Page ${i}`);
    const firstPage = await instances[0].as(alice.token).get(`/api/v1/accounts/${post.account.id}/statuses?limit=2`);
    assert.equal(firstPage.status, 200);
    assert.equal(firstPage.body.length, 2);
    const next = /<([^>]+)>;\s*rel="next"/.exec(firstPage.headers.get('link'))[1];
    const path = new URL(next).pathname + new URL(next).search;
    const secondPage = await ok(instances[1].as(alice.token).get(path));
    assert.equal(secondPage.length, 2);
    const firstIds = firstPage.body.map((s) => s.id);
    assert.ok(secondPage.every((s) => !firstIds.includes(s.id) && BigInt(s.id) < BigInt(firstIds[1])));
  });

  test('kill -9 of one instance under load: no read fails, no comment is posted twice', async (t) => {
    const load = new Load(alice.api, post.id, { postAttempts: 5 }).start();
    await sleep(3_000);
    const victim = await stack.component('instance-2');
    process.kill(victim.pid, 'SIGKILL');
    await sleep(6_000);
    await load.stop();
    const retried = load.comments.filter((c) => c.attempts > 1).length;
    const cutOff = load.reads.failed.filter((f) => f.cutAfterStatus).length;
    t.diagnostic(`kill -9: ${load.reads.ok} reads (${cutOff} cut off mid-response), ${load.comments.length} comments (${retried} sent again with their key)`);

    assert.ok(load.reads.ok > 100, `a real load ran (${load.reads.ok} reads)`);
    // A response the killed instance was halfway through writing is lost: nginx had passed its
    // status on and cannot start again elsewhere (a client reads again). Nothing else may fail.
    const cut = load.reads.failed.filter((f) => f.cutAfterStatus === 200);
    assert.deepEqual(load.reads.failed.filter((f) => !cut.includes(f)), [], 'no read failed, but for responses cut off by the kill');
    assert.ok(cut.length <= load.workers, `at most the reads in flight were cut off (${cut.length})`);
    assert.deepEqual(load.failedComments, [], 'every comment went through, retried with its key when needed');
    assert.ok(load.comments.length > 20, `comments were posted (${load.comments.length})`);

    const context = await ok(alice.api.get(`/api/v1/statuses/${post.id}/context`));
    for (const comment of load.comments) {
      const copies = context.descendants.filter((s) => s.content.includes(comment.key));
      assert.equal(copies.length, 1, `comment ${comment.key} (${comment.attempts} attempts) exists once`);
    }
    assert.equal((await stack.component('instance-2')).health, 'down');
  });

  test('up again brings the killed instance back', async () => {
    const status = await stack.up(4, INSTANCES);
    assert.ok(status.components.every((c) => c.health === 'up'), JSON.stringify(status.components));
  });

  test('scale-in: SIGTERM to one instance under load, on a busy machine, fails no request', { timeout: 180_000 }, async (t) => {
    const thread = await postPhoto(alice.api, 'Scale-in thread');
    const busy = busyMachine(120);
    const load = new Load(alice.api, thread.id, BUSY_LOAD).start();
    const surges = surgeOnDrains(load, instances);
    try {
      await sleep(2_000);
      const victim = await stack.component('instance-3');
      process.kill(victim.pid, 'SIGTERM');
      await waitDown(stack, 'instance-3', 60_000);
      await sleep(SURGE_AFTER_GONE_MS);
    } finally {
      await surges.stop();
      await load.stop();
      busy.stop();
    }
    t.diagnostic(`SIGTERM: ${describeLoad(load)}, ${surges.count} surge(s)`);
    assert.equal(surges.count, 1, 'a surge met the drain');
    assertNothingFailed(load);
    await assertEachCommentOnce(t, alice.api, thread.id, load);
    const status = await stack.up(4, INSTANCES);
    assert.ok(status.components.every((c) => c.health === 'up'), JSON.stringify(status.components));
  });

  test(`${RESTART_ROUNDS} rolling restarts in a row under load, on a busy machine, fail no request of any kind`, { timeout: 60_000 + RESTART_ROUNDS * ROUND_TIMEOUT_MS }, async (t) => {
    const before = Object.fromEntries((await stack.status()).components.map((c) => [c.name, c.pid]));
    const results = [];
    for (let round = 1; round <= RESTART_ROUNDS; round++) {
      // A thread per round, so that each one's comments can all be counted in its context.
      const thread = await postPhoto(alice.api, `Rolling restart thread ${round}`);
      // Bounded: the spinners end by themselves even if this test is cut short.
      const busy = busyMachine(ROUND_TIMEOUT_MS / 1000);
      const load = new Load(alice.api, thread.id, BUSY_LOAD).start();
      const surges = surgeOnDrains(load, instances);
      try {
        await sleep(1_000);
        // One instance after the other drains, stops and starts while the others serve.
        await stack.command('restart');
        await sleep(1_000);
      } finally {
        await surges.stop();
        await load.stop();
        busy.stop();
      }
      t.diagnostic(`rolling restart ${round}: ${describeLoad(load)}, ${surges.count} surge(s)`);
      results.push({ round, thread, load, surges: surges.count });
    }
    for (const { round, thread, load, surges } of results) {
      assert.equal(surges, INSTANCES, `round ${round}: a surge met each instance's drain`);
      assertNothingFailed(load, `round ${round}: `);
      await assertEachCommentOnce(t, alice.api, thread.id, load);
    }
    const afterRestart = await stack.status();
    for (const component of afterRestart.components.filter((c) => c.name.startsWith('instance-'))) {
      assert.notEqual(component.pid, before[component.name], `${component.name} is a new process`);
      assert.equal(component.health, 'up');
    }
    // Every instance took part: the load balancer's log names each one.
    const log = stack.log('lb', 'access.log');
    for (const instance of instances) {
      assert.ok(log.includes(`upstream=${new URL(instance.baseUrl).host}`), `${instance.baseUrl} served requests`);
    }
  });
});

/**
 * A surge of comments through the load balancer each time an instance starts to drain, lasting
 * until a moment after it stopped accepting connections.
 */
function surgeOnDrains(load, instances) {
  const running = [];
  const watch = watchDrains(instances.map((api) => api.baseUrl), (index, gone) => {
    const surge = load.surge(SURGE.workers, { commentEvery: SURGE.commentEvery });
    running.push(gone.then(() => sleep(SURGE_AFTER_GONE_MS)).then(() => surge.stop()));
  });
  return {
    get count() {
      return running.length;
    },
    async stop() {
      await watch.stop();
      await Promise.all(running);
    },
  };
}

function describeLoad(load) {
  const failed = load.reads.failed.length + load.failedComments.length;
  const statuses = [...load.reads.failed, ...load.failedComments].map((r) => r.status ?? 'error');
  return `${load.reads.ok} reads, ${describeComments(load)}; ${failed} failed${failed ? ` (${statuses.join(', ')})` : ''}`;
}

function describeComments(load) {
  const keyless = load.comments.filter((c) => !c.keyed).length;
  return `${load.comments.length} comments (${keyless} without an Idempotency-Key)`;
}

function assertNothingFailed(load, where = '') {
  assert.ok(load.reads.ok > 100, `${where}a real load ran (${load.reads.ok} reads)`);
  assert.deepEqual(load.reads.failed, [], `${where}no read failed`);
  assert.deepEqual(load.failedComments, [], `${where}no comment failed, with or without a key; none needed a second try`);
  assert.ok(load.comments.some((c) => !c.keyed) && load.comments.some((c) => c.keyed), `${where}comments went with and without keys`);
}

// A request the load balancer passed to a second instance must not post twice.
async function assertEachCommentOnce(t, api, threadId, load) {
  if (load.comments.length > CONTEXT_MAX) {
    t.diagnostic(`${load.comments.length} comments: more than the thread lists, not counted`);
    return;
  }
  const context = await ok(api.get(`/api/v1/statuses/${threadId}/context`));
  const copies = new Map();
  for (const reply of context.descendants) {
    const key = /load ([0-9a-f-]{36})/.exec(reply.content)?.[1];
    copies.set(key, (copies.get(key) ?? 0) + 1);
  }
  for (const comment of load.comments) {
    assert.equal(copies.get(comment.key), 1, `comment ${comment.key} (keyed: ${comment.keyed}) exists once`);
  }
}

async function waitDown(stack, name, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while ((await stack.component(name)).health !== 'down') {
    assert.ok(Date.now() < deadline, `${name} stopped within ${timeoutMs} ms`);
    await sleep(250);
  }
}
