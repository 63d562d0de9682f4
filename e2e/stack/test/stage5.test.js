// Stage 5: photos in S3 (s3proxy), uploaded straight to the store with presigned URLs, and served
// by a caching edge; the API instances handle no image bytes. Then the store goes away and comes back.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { Api, ok, PHOTO, ROOT, signUp, sleep, Stack, uploadPhoto, waitProcessed } from '../support.js';

const run = promisify(execFile);

describe('stage 5: object storage, direct uploads and a media edge', { timeout: 900_000 }, () => {
  const stack = new Stack(Number(process.env.GRAMINSTA_STACK_TEST_PORT ?? 18500));
  let lb;
  let edge;
  let alice;

  before(async () => {
    const status = await stack.up(5, 2);
    lb = new Api(status.components.find((c) => c.name === 'lb').url);
    edge = status.components.find((c) => c.name === 'edge').url;
    alice = await signUp(lb, 'alice');
  });

  after(async () => {
    await stack.destroy();
  });

  test('photos uploaded through the API are served from the edge, cached after the first request', async () => {
    const media = await uploadPhoto(alice.api);
    for (const url of [media.url, media.preview_url]) {
      assert.ok(url.startsWith(`${edge}/attachments/`), `${url} is on the edge`);
    }
    const first = await fetch(media.url);
    const firstBytes = Buffer.from(await first.arrayBuffer());
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-cache-status'), 'MISS');
    assert.equal(first.headers.get('content-type'), 'image/jpeg');
    assert.match(first.headers.get('cache-control'), /max-age=31536000/);
    assert.match(first.headers.get('cache-control'), /immutable/);

    const second = await fetch(media.url);
    assert.equal(second.headers.get('x-cache-status'), 'HIT');
    assert.deepEqual(Buffer.from(await second.arrayBuffer()), firstBytes);
  });

  test('any origin may read the photos on the edge and the discovery documents, never with credentials', async () => {
    const media = await uploadPhoto(alice.api);
    const headers = { Origin: 'https://client.example' };
    for (const url of [media.preview_url, media.meta.square.url, `${lb.baseUrl}/.well-known/nodeinfo`, `${lb.baseUrl}/nodeinfo/2.0`]) {
      const response = await fetch(url, { headers });
      assert.equal(response.status, 200, url);
      assert.equal(response.headers.get('access-control-allow-origin'), '*', url);
      assert.equal(response.headers.get('access-control-allow-credentials'), null, url);
    }
  });

  test('the edge passes only published photos', async () => {
    for (const path of ['/private/originals/x.jpg', '/graminsta/', '/']) {
      const response = await fetch(edge + path);
      assert.equal(response.status, 404, `${path} is not served`);
    }
    const post = await fetch(`${edge}/attachments/x/feed.jpg`, { method: 'POST' });
    assert.equal(post.status, 403);
  });

  test('the server tells clients that direct uploads are on', async () => {
    const instance = await ok(lb.get('/api/v2/instance'));
    assert.equal(instance.configuration.graminsta.direct_uploads, true);
  });

  test('a direct upload goes to the store and is processed like any other', async () => {
    const upload = await ok(alice.api.post('/api/graminsta/v1/uploads', {
      json: { content_type: 'image/jpeg', size: PHOTO.length, description: 'Straight to the store' },
    }));
    assert.equal(upload.method, 'PUT');
    assert.ok(!upload.url.startsWith(lb.baseUrl), 'the bytes do not go through the API');
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: PHOTO });
    assert.equal(put.status, 200, await put.text());

    const media = await ok(alice.api.post(`/api/graminsta/v1/uploads/${upload.id}/complete`), [202]);
    const processed = await waitProcessed(alice.api, media.id);
    assert.equal(processed.description, 'Straight to the store');
    assert.ok(processed.url.startsWith(`${edge}/attachments/`));
    assert.equal((await fetch(processed.preview_url)).status, 200);
  });

  test('the store refuses a file of another size or type than was signed', async () => {
    const upload = await ok(alice.api.post('/api/graminsta/v1/uploads', {
      json: { content_type: 'image/jpeg', size: PHOTO.length },
    }));
    const bigger = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: Buffer.concat([PHOTO, PHOTO]) });
    assert.equal(bigger.status, 403, 'a bigger file is refused');
    const otherType = await fetch(upload.url, { method: 'PUT', headers: { 'Content-Type': 'image/svg+xml' }, body: PHOTO });
    assert.equal(otherType.status, 403, 'another type is refused');

    const complete = await alice.api.post(`/api/graminsta/v1/uploads/${upload.id}/complete`);
    assert.equal(complete.status, 422, 'nothing was stored, so there is nothing to complete');
    assert.equal(typeof complete.body.error, 'string');
  });

  test('uploads past the limits are refused before anything is signed', async () => {
    const tooBig = await alice.api.post('/api/graminsta/v1/uploads', {
      json: { content_type: 'image/jpeg', size: 20 * 1024 * 1024 + 1 },
    });
    assert.equal(tooBig.status, 422);
    const svg = await alice.api.post('/api/graminsta/v1/uploads', { json: { content_type: 'image/svg+xml', size: 100 } });
    assert.equal(svg.status, 422);
  });

  test('with the store stopped, uploads fail with a clear 503 and leave nothing behind; then recover', async () => {
    const before = await countAttachments();
    const pending = await ok(alice.api.post('/api/graminsta/v1/uploads', {
      json: { content_type: 'image/jpeg', size: PHOTO.length },
    }));
    const put = await fetch(pending.url, { method: 'PUT', headers: pending.headers, body: PHOTO });
    assert.equal(put.status, 200, 'uploaded before the store stops; completed after');

    const s3 = await stack.component('s3');
    process.kill(s3.pid, 'SIGTERM');
    while ((await stack.component('s3')).health !== 'down') await sleep(200);

    const form = new FormData();
    form.append('file', new Blob([PHOTO], { type: 'image/jpeg' }), 'sunset.jpg');
    const refused = await alice.api.post('/api/v2/media', { form });
    assert.equal(refused.status, 503);
    assert.match(refused.body.error, /storage/i);
    const completeRefused = await alice.api.post(`/api/graminsta/v1/uploads/${pending.id}/complete`);
    assert.equal(completeRefused.status, 503);
    assert.equal(await countAttachments(), before, 'no attachment was half-made');

    await stack.up(5, 2);
    const media = await uploadPhoto(alice.api, 'After the outage');
    assert.equal((await fetch(media.url)).status, 200);
    const completed = await ok(alice.api.post(`/api/graminsta/v1/uploads/${pending.id}/complete`), [202]);
    await waitProcessed(alice.api, completed.id);
  });

  test('the web app, on its own origin, uploads photos straight to the store and shows them from the edge', async (t) => {
    const web = (await stack.component('web')).url;
    const completions = () => stack.log('lb', 'access.log').match(/"POST \/api\/graminsta\/v1\/uploads\/\d+\/complete HTTP\/1.1" 202/g)?.length ?? 0;
    const completedBefore = completions();
    // The web app's own browser suite (sign-up, posting one and several photos with progress,
    // feed, likes, comments, profile, ...) in headless Chromium, against this stack. Without
    // NODE_TEST_CONTEXT: inherited from this runner, it would make the child report to it
    // instead of running its tests.
    const env = { ...process.env, GRAMINSTA_URL: lb.baseUrl, GRAMINSTA_APP_URL: web };
    delete env.NODE_TEST_CONTEXT;
    let output = '';
    try {
      const result = await run('node', ['--test', '--test-reporter=tap', '--test-concurrency=1', 'e2e/app.test.mjs'], {
        cwd: join(ROOT, 'web'), env, maxBuffer: 32 * 1024 * 1024, timeout: 600_000,
      });
      output = result.stdout;
    } catch (error) {
      assert.fail(`the web app's browser suite failed against stage 5:\n${error.stdout}\n${error.stderr}`);
    }
    const passed = Number(/^# pass (\d+)$/m.exec(output)?.[1] ?? 0);
    t.diagnostic(`the web app's browser suite: ${passed} passed`);
    assert.ok(passed >= 10, `the browser suite ran (${passed} passed):\n${output}`);
    assert.match(output, /^# fail 0$/m);
    assert.ok(completions() - completedBefore >= 2, 'the browser sent its photos as direct uploads');
    assert.match(stack.log('edge', 'access.log'), /cache=HIT/, 'photos came from the edge cache');
  });

  test('the API instances served no image bytes', async () => {
    const lines = stack.log('lb', 'access.log').split('\n').filter(Boolean);
    assert.ok(lines.length > 10);
    const images = lines.filter((line) => /type="image\//.test(line));
    assert.deepEqual(images, []);
    const edgeLines = stack.log('edge', 'access.log').split('\n').filter((line) => / 200 [1-9]/.test(line));
    assert.ok(edgeLines.length >= 3, 'the edge served the photos');
  });

  async function countAttachments() {
    const postgres = await stack.component('postgres');
    const { stdout } = await run('psql', ['-h', '127.0.0.1', '-p', String(postgres.port), '-U', 'graminsta', '-tA',
      '-c', 'SELECT count(*) FROM media_attachments', 'graminsta'], { env: { ...process.env, PGPASSWORD: 'graminsta-local' } });
    return Number(stdout.trim());
  }
});
