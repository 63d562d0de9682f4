// The web app deployed on its own (stage 3): web/dist on a static host at APP_ORIGIN whose
// config.json points at the API on another origin, as a CDN deploy would. Signing up, posting,
// the feed, photos and OAuth sign-in must all work across the two origins, and no request meant
// for the API may land on the app's host. The server under test must allow this origin:
// GRAMINSTA_CORS_ALLOWED_ORIGINS=http://127.0.0.1:18950.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStaticServer } from './static-server.mjs';
import { ARTIFACTS, assertNoProblems, launch, makeJpeg, person, screenshots, SERVER_URL, signUp, SLOW } from './support.mjs';

const APP_ORIGIN = 'http://127.0.0.1:18950';
const ALT_TEXT = 'Boats moored in a harbour at dusk';

/** The server's own paths: a request for one on the app's origin assumed the two share it. */
const SERVER_PATHS = /^\/(?:api|oauth|media|avatars|headers|system)\//;

async function assertServerAllowsAppOrigin() {
  const preflight = await fetch(`${SERVER_URL}/api/v1/timelines/home`, {
    method: 'OPTIONS',
    headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
  });
  assert.equal(
    preflight.headers.get('access-control-allow-origin'),
    APP_ORIGIN,
    `the server at ${SERVER_URL} must allow the app's origin: start it with GRAMINSTA_CORS_ALLOWED_ORIGINS=${APP_ORIGIN}`,
  );
}

describe('the web app on its own origin, with the API on another', { timeout: 5 * 60_000 }, () => {
  let app;
  let browser;
  let author;
  const misdirected = [];

  before(async () => {
    await assertServerAllowsAppOrigin();
    const port = Number(new URL(APP_ORIGIN).port);
    app = await startStaticServer({ apiUrl: SERVER_URL, port, proxyApi: false });
    browser = await launch();
    author = await person(browser, app.url, 'standalone');
    author.page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === APP_ORIGIN && SERVER_PATHS.test(url.pathname)) {
        misdirected.push(`${request.method()} ${url.pathname}`);
      }
    });
  });

  after(async () => {
    await author?.page.screenshot({ path: `${ARTIFACTS}zz-last-standalone.png` }).catch(() => {});
    await browser?.close();
    await app?.close();
  });

  test('a person signs up, posts a photo and sees it in the feed, photo and all', { timeout: 3 * SLOW }, async () => {
    const { page } = author;
    await signUp(author, 'standalone');
    assert.equal(new URL(page.url()).origin, APP_ORIGIN);

    await page.getByRole('link', { name: 'New post' }).click();
    await page.locator('#pick-photos').setInputFiles({ name: 'harbour.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page, { hue: 190 }) });
    await page.getByLabel('Alt text for photo 1').fill(ALT_TEXT);
    await page.getByLabel('Caption').fill('Posted from another origin');
    await page.getByRole('button', { name: 'Share' }).click();
    const post = page.getByRole('article', { name: `Post by ${author.username}` }).first();
    await post.locator('.photo.is-loaded').waitFor({ timeout: 2 * SLOW });

    // Loaded again from scratch (through the service worker by now), the feed still comes from the API.
    await page.reload();
    await post.getByText('Posted from another origin').waitFor();
    await post.locator('.photo.is-loaded').waitFor();
    const src = await post.getByRole('img', { name: ALT_TEXT }).getAttribute('src');
    assert.equal(new URL(src).origin, new URL(SERVER_URL).origin, `the photo comes from the server: ${src}`);
    await screenshots(page, '20-standalone-feed');
    assert.deepEqual(misdirected, [], 'no request meant for the server went to the app origin');
    assertNoProblems(author);
  });

  test("signing in goes to the server's OAuth page and comes back to the app's origin", { timeout: 2 * SLOW }, async () => {
    const { page } = author;
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/oauth\/authorize\?/);
    const authorize = new URL(page.url());
    assert.equal(authorize.origin, new URL(SERVER_URL).origin);
    assert.equal(authorize.searchParams.get('redirect_uri'), `${APP_ORIGIN}/auth/callback`);
    await page.locator('input[name=login]').fill(author.username);
    await page.locator('input[name=password]').fill(author.password);
    await page.locator('button[name=decision][value=allow], button[type=submit]:not([value=deny])').first().click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.equal(new URL(page.url()).origin, APP_ORIGIN);
    assert.equal(new URL(page.url()).pathname, '/');
    await page.getByRole('article', { name: `Post by ${author.username}` }).first().locator('.photo.is-loaded').waitFor();
    assert.deepEqual(misdirected, [], 'no request meant for the server went to the app origin');
    assertNoProblems(author);
  });
});
