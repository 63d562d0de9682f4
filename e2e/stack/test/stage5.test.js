// Stage 5: photos in S3 (s3proxy), uploaded straight to the store with presigned URLs, and served
// by a caching edge; the API instances handle no image bytes. Then the store goes away and comes back.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
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

  test('the web app, on its own origin, uploads a photo straight to the store and shows it from the edge', { timeout: 300_000 }, async () => {
    const web = (await stack.component('web')).url;
    // What only stage 5 shows the web app; its whole browser suite runs in the browser part,
    // against one server. The helpers are that suite's: playwright-core (web/node_modules) and
    // Debian's Chromium.
    const browserTests = await import(pathToFileURL(join(ROOT, 'web', 'e2e', 'support.mjs')).href);
    const completions = () => count(stack.log('lb', 'access.log'), /"POST \/api\/graminsta\/v1\/uploads\/\d+\/complete HTTP\/1.1" 202/g);
    const proxiedUploads = () => count(stack.log('lb', 'access.log'), /"POST \/api\/v[12]\/media HTTP\/1.1"/g);
    const [completedBefore, proxiedBefore] = [completions(), proxiedUploads()];
    const altText = 'The sun going down over dark hills';
    const browser = await browserTests.launch();
    const people = [];
    try {
      // The author signs up and posts from the web origin: the API (CORS), the store (presigned
      // PUT, s3proxy's CORS) and the edge (the page's img-src) are three other origins.
      const author = await browserTests.person(browser, web, 'stage5-author');
      people.push(author);
      await browserTests.signUp(author, 'stage5');
      assert.equal(new URL(author.page.url()).origin, web);
      await author.page.getByRole('link', { name: 'New post' }).click();
      await author.page.locator('#pick-photos').setInputFiles({ name: 'sunset.jpg', mimeType: 'image/jpeg', buffer: await browserTests.makeJpeg(author.page, { hue: 25 }) });
      await author.page.getByLabel('Alt text for photo 1').fill(altText);
      await author.page.getByLabel('Caption').fill('Straight to the store');
      await author.page.getByRole('button', { name: 'Share' }).click();
      const shown = await shownPhoto(author, author.username, altText);
      assert.equal(completions() - completedBefore, 1, 'the browser completed one direct upload');
      assert.equal(proxiedUploads(), proxiedBefore, 'the browser sent no photo bytes through the API');

      // The same feed in another browser (its own HTTP cache): the same photo, now from the edge's cache.
      const elsewhere = await browserTests.person(browser, web, 'stage5-elsewhere');
      people.push(elsewhere);
      await browserTests.signIn(elsewhere, { username: author.username, password: author.password });
      assert.equal(await shownPhoto(elsewhere, author.username, altText), shown, 'the same variant of the photo');
      const path = new URL(shown).pathname;
      const requests = stack.log('edge', 'access.log').split('\n').filter((line) => line.includes(`"GET ${path} HTTP/1.1" 200 `));
      assert.deepEqual(requests.map((line) => / cache=(\S+)$/.exec(line)?.[1]), ['MISS', 'HIT'], `the edge's log for ${path}:\n${requests.join('\n')}`);
      people.forEach(browserTests.assertNoProblems);
    } finally {
      for (const who of people) {
        await who.page.screenshot({ path: `${browserTests.ARTIFACTS}zz-last-${who.name}.png` }).catch(() => {});
      }
      await browser.close();
    }

    /** Waits for the post on the home feed with its photo loaded; returns the photo's address. */
    async function shownPhoto(who, username, alt) {
      const post = who.page.getByRole('article', { name: `Post by ${username}` }).first();
      await post.locator('.photo.is-loaded').waitFor({ timeout: 60_000 });
      const url = await post.getByRole('img', { name: alt }).evaluate((img) => img.currentSrc);
      assert.ok(url.startsWith(`${edge}/attachments/`), `the photo is shown from the edge: ${url}`);
      return url;
    }
  });

  test('the API instances served no image bytes', async () => {
    const lines = stack.log('lb', 'access.log').split('\n').filter(Boolean);
    assert.ok(lines.length > 10);
    const images = lines.filter((line) => /type="image\//.test(line));
    assert.deepEqual(images, []);
    const edgeLines = stack.log('edge', 'access.log').split('\n').filter((line) => / 200 [1-9]/.test(line));
    assert.ok(edgeLines.length >= 3, 'the edge served the photos');
  });

  function count(text, pattern) {
    return text.match(pattern)?.length ?? 0;
  }

  async function countAttachments() {
    const postgres = await stack.component('postgres');
    const { stdout } = await run('psql', ['-h', '127.0.0.1', '-p', String(postgres.port), '-U', 'graminsta', '-tA',
      '-c', 'SELECT count(*) FROM media_attachments', 'graminsta'], { env: { ...process.env, PGPASSWORD: 'graminsta-local' } });
    return Number(stdout.trim());
  }
});
