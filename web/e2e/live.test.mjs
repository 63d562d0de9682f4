// The web app, live (issue 12, decision 0033): counts that move on an open post, the notifications
// badge, the "new posts" button, a socket cut while the network is down and the app catching up,
// and the socket closed on sign-out. The reader uses the browser; the poster acts through the API,
// as another app would. Every wait is bounded: a live change has LIVE to show.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  apiPost,
  apiPostMedia,
  apiRegister,
  apiUpload,
  appUnderTest,
  ARTIFACTS,
  assertNoProblems,
  launch,
  makeJpeg,
  person,
  screenshots,
  signIn,
  SLOW,
  suffix,
  unnamedControls,
} from './support.mjs';

/** Events are delivered within milliseconds; this leaves room for a busy two-core machine. */
const LIVE = 10_000;

/** The socket's opening is when the app fetches what it missed: the marker is its first request. */
function streamOpened(page) {
  return page.waitForResponse((response) => response.request().method() === 'GET' && response.url().includes('/api/v1/markers'), {
    timeout: LIVE,
  });
}

/** Loads a page and waits for its socket, not one of the page it replaced (gone once this one commits). */
async function openWithStream(page, path) {
  await page.goto(path, { waitUntil: 'commit' });
  await streamOpened(page);
}

/**
 * The page's WebSockets that are open or opening, found through DevTools (the app keeps its socket
 * to itself); with `close`, closes them as a dropped connection would, with no help from the app.
 */
async function openSockets(cdp, { close = false } = {}) {
  const { result: prototype } = await cdp.send('Runtime.evaluate', { expression: 'WebSocket.prototype' });
  const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: prototype.objectId });
  const { result } = await cdp.send('Runtime.callFunctionOn', {
    objectId: objects.objectId,
    functionDeclaration: `function (close) {
      const live = this.filter((socket) => socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN);
      if (close) live.forEach((socket) => socket.close(4000, 'cut by the test'));
      return live.map((socket) => socket.url);
    }`,
    arguments: [{ value: close }],
    returnByValue: true,
  });
  return result.value;
}

describe('the web app, live', { timeout: 3 * 60_000 }, () => {
  let browser;
  let app;
  let reader;
  let readerAccount;
  let poster;
  let post;
  let photos;
  let cdp;

  before(async () => {
    app = await appUnderTest();
    browser = await launch();
    reader = await person(browser, app.url, 'reader');
    const [registered, other, jpeg] = await Promise.all([
      apiRegister('reader'),
      apiRegister('poster'),
      makeJpeg(reader.page, { width: 480, height: 360 }),
    ]);
    readerAccount = registered;
    poster = other;
    [post, photos] = await Promise.all([
      apiPost(readerAccount, jpeg, 'Morning fog over the lake'),
      Promise.all([apiUpload(poster, jpeg, 'harbour'), apiUpload(poster, jpeg, 'gap')]),
      readerAccount.call('POST', `/api/v1/accounts/${poster.account.id}/follow`),
      signIn(reader, readerAccount),
    ]);
    cdp = await reader.context.newCDPSession(reader.page);
  });

  after(async () => {
    await reader?.page.screenshot({ path: `${ARTIFACTS}zz-last-live-reader.png` }).catch(() => {});
    await browser?.close();
    await app?.close();
  });

  test("another's like and comment move the open post's counts and the badge, without a reload", { timeout: SLOW }, async () => {
    const { page } = reader;
    await openWithStream(page, `/@${readerAccount.username}/${post.id}`);
    await page.getByRole('button', { name: '0 likes' }).waitFor();
    await page.evaluate(() => {
      window.sameDocument = true;
    });

    await poster.call('POST', `/api/v1/statuses/${post.id}/favourite`);
    await page.getByRole('button', { name: '1 like' }).waitFor({ timeout: LIVE });
    await poster.call('POST', '/api/v1/statuses', { status: 'Lovely and still', in_reply_to_id: post.id }, { 'Idempotency-Key': suffix() });
    await page.getByRole('heading', { name: '1 comment' }).waitFor({ timeout: LIVE });
    await page.locator('.comment').filter({ hasText: 'Lovely and still' }).waitFor({ timeout: LIVE });
    const badged = page.getByRole('link', { name: 'Notifications, 2 new' });
    await badged.waitFor({ timeout: LIVE });
    assert.equal(await page.locator('.nav-badge').innerText(), '2');
    assert.equal(await page.evaluate(() => window.sameDocument), true, 'the page was never reloaded');
    await screenshots(page, 'live-01-counts-and-badge');

    // Seen: the badge empties, and the marker the server keeps moves there (so a reload, another
    // tab or another app agree); the next one counts from it.
    const saved = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes('/api/v1/markers'));
    await badged.click();
    await page.getByRole('link', { name: new RegExp(`${poster.username} liked your post`) }).waitFor();
    await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
    assert.equal((await saved).status(), 200);
    const [newest] = await readerAccount.call('GET', '/api/v1/notifications?limit=1');
    const markers = await readerAccount.call('GET', '/api/v1/markers?timeline[]=notifications');
    assert.equal(markers.notifications?.last_read_id, newest.id);
    await page.getByRole('link', { name: 'Home', exact: true }).click();
    await poster.call('POST', '/api/v1/statuses', { status: 'Again!', in_reply_to_id: post.id }, { 'Idempotency-Key': suffix() });
    await page.getByRole('link', { name: 'Notifications, 1 new' }).waitFor({ timeout: LIVE });
    assertNoProblems(reader);
  });

  test('a new post from someone followed waits behind a button; a tap puts it at the top, once', { timeout: SLOW }, async () => {
    const { page } = reader;
    await page.getByRole('article', { name: `Post by ${readerAccount.username}` }).waitFor();
    const posted = await apiPostMedia(poster, photos[0], 'Harbour at dawn');

    const button = page.getByRole('button', { name: 'Show 1 new post' });
    await button.waitFor({ timeout: LIVE });
    const theirs = page.locator(`article[aria-labelledby="post-${posted.id}-author"]`);
    assert.equal(await theirs.count(), 0, 'held above the feed, not pushed in under the reader');
    assert.deepEqual(await unnamedControls(page), []);
    await screenshots(page, 'live-02-new-posts-button');

    await button.click();
    await theirs.waitFor();
    assert.equal(await theirs.count(), 1);
    assert.equal(await button.count(), 0, 'the button is gone once its posts are shown');
    assert.equal(await page.locator('.feed article').first().getAttribute('aria-labelledby'), `post-${posted.id}-author`);
    await page.waitForFunction((id) => document.activeElement?.getAttribute('aria-labelledby') === `post-${id}-author`, posted.id, { timeout: LIVE });
    assertNoProblems(reader);
  });

  test('the socket is cut while offline: the app reconnects and shows what was posted meanwhile, once', { timeout: SLOW }, async () => {
    const { page, context } = reader;
    await context.setOffline(true);
    const cut = await openSockets(cdp, { close: true });
    assert.equal(cut.length, 1, `one socket per signed-in tab, not ${cut.length}`);
    assert.match(cut[0], /\/api\/v1\/streaming\?stream=user$/, 'the token is not in the URL');
    const posted = await apiPostMedia(poster, photos[1], 'Posted during the gap');

    const reopened = streamOpened(page);
    await context.setOffline(false);
    await reopened;
    const button = page.getByRole('button', { name: 'Show 1 new post' });
    await button.waitFor({ timeout: LIVE });
    await button.click();
    const gapPost = page.locator(`article[aria-labelledby="post-${posted.id}-author"]`);
    await gapPost.waitFor();
    assert.equal(await gapPost.count(), 1);
    assert.equal(await page.locator('.feed article').count(), 3, 'the two posts by the poster and the reader’s own, each once');
    assert.deepEqual(await openSockets(cdp), [cut[0]], 'one socket again');

    // And the new socket carries events: a like on the gap post moves its count in the feed.
    await poster.call('POST', `/api/v1/statuses/${posted.id}/favourite`);
    await gapPost.getByText('1 like', { exact: true }).waitFor({ timeout: LIVE });
    assertNoProblems(reader);
  });

  test('signing out closes the socket', { timeout: SLOW }, async () => {
    const { page } = reader;
    await openWithStream(page, '/settings');
    assert.equal((await openSockets(cdp)).length, 1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.deepEqual(await openSockets(cdp), []);
    assertNoProblems(reader);
  });
});
