// Sensitive posts, reports and the app's one OAuth registration, in a real browser against a
// real server: a post behind a content warning stays blurred (its photo not even fetched) until
// "Show"; a report sent from a post's menu reaches the server; signing out and in again reuses
// the app registered at sign-up.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  appUnderTest,
  ARTIFACTS,
  assertNoProblems,
  eventually,
  launch,
  makeJpeg,
  person,
  screenshots,
  signUp,
  SLOW,
  unnamedControls,
} from './support.mjs';

const WARNING = 'Spiders <b>up close</b>';
const CAPTION = 'A garden spider at dawn #macro';

/** Records what a page asked for: API registrations and every photo URL. */
function watchRequests(page) {
  const seen = { appRegistrations: 0, urls: [] };
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.method() === 'POST' && url.pathname === '/api/v1/apps') seen.appRegistrations++;
    seen.urls.push(request.url());
  });
  return seen;
}

describe('sensitive posts, reports and the OAuth app', { timeout: 10 * 60_000 }, () => {
  let browser;
  let app;
  let author;
  let reader;
  let readerRequests;
  let postPath;
  let postId;

  before(async () => {
    app = await appUnderTest();
    browser = await launch();
    author = await person(browser, app.url, 'cw-author');
    reader = await person(browser, app.url, 'cw-reader');
    readerRequests = watchRequests(reader.page);
  });

  after(async () => {
    for (const who of [author, reader]) {
      await who?.page.screenshot({ path: `${ARTIFACTS}zz-last-${who.name}.png` }).catch(() => {});
    }
    await browser?.close();
    await app?.close();
  });

  test('two people sign up', { timeout: 2 * SLOW }, async () => {
    await Promise.all([signUp(author, 'cwauthor'), signUp(reader, 'cwreader')]);
    assert.equal(readerRequests.appRegistrations, 1, 'signing up registered the app once');
  });

  test('a post marked sensitive with a content warning shows blurred, with its warning, until "Show"', { timeout: 3 * SLOW }, async () => {
    const { page } = author;
    await page.getByRole('link', { name: 'New post' }).click();
    await page.getByRole('heading', { name: 'New post' }).waitFor();
    await page.locator('#pick-photos').setInputFiles({ name: 'spider.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page, { hue: 90 }) });
    await page.getByLabel('Alt text for photo 1').fill('A spider in its web');
    await page.getByLabel('Caption').fill(CAPTION);
    const sensitive = page.getByLabel('Mark as sensitive');
    assert.equal(await sensitive.isChecked(), false);
    await sensitive.check();
    await page.getByLabel('Content warning').fill(WARNING);
    assert.equal(await page.getByLabel('Content warning').getAttribute('maxlength'), '500');
    assert.deepEqual(await unnamedControls(page), []);
    await screenshots(page, '20-compose-sensitive');

    const sent = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/statuses');
    await page.getByRole('button', { name: 'Share' }).click();
    const body = JSON.parse((await sent).postData());
    assert.equal(body.sensitive, true);
    assert.equal(body.spoiler_text, WARNING);

    const post = page.getByRole('article', { name: `Post by ${author.username}` }).first();
    await post.waitFor({ timeout: 2 * SLOW });
    postPath = await post.locator('.post-time').getAttribute('href');
    postId = postPath.split('/').pop();
    await post.getByRole('button', { name: 'Show' }).waitFor();
    assert.ok((await post.locator('.sensitive-warning').innerText()).includes(WARNING), 'the warning shows as text, markup and all');
    assert.equal(await post.locator('.sensitive-warning b').count(), 0, 'the warning is not markup');
    assert.equal(await post.locator('.carousel img').count(), 0, 'no photo element before "Show"');
    assert.equal(await post.locator('.post-caption').filter({ hasText: 'garden spider' }).count(), 0, 'the caption waits too');
    assertNoProblems(author);
  });

  test('another person sees it blurred on the post page; the photo is fetched only after "Show"', { timeout: 2 * SLOW }, async () => {
    const { page } = reader;
    await page.goto(postPath);
    const show = page.getByRole('button', { name: 'Show' });
    await show.waitFor();
    assert.ok((await page.locator('.sensitive-cover').innerText()).includes(WARNING));
    assert.equal(await page.locator('.post-page-media img').count(), 0);
    assert.equal(await page.locator('.photo-placeholder').count() >= 1, true, 'the blurhash is drawn instead');
    assert.deepEqual(await unnamedControls(page), []);
    await screenshots(page, '21-sensitive-post');
    const before = readerRequests.urls.length;

    await show.click();
    const photo = page.getByRole('img', { name: 'A spider in its web' });
    await photo.waitFor();
    await page.locator('.post-page-media .photo.is-loaded').waitFor();
    await page.locator('.post-caption').filter({ hasText: 'garden spider' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('carousel-track'), null, { timeout: 3000 });
    const src = await photo.getAttribute('src');
    const fetchedBefore = readerRequests.urls.slice(0, before).filter((url) => url.includes(new URL(src, app.url).pathname));
    assert.deepEqual(fetchedBefore, [], 'the photo was not requested before "Show"');
    await screenshots(page, '22-sensitive-revealed');
    assertNoProblems(reader);
  });

  test('a report sent from a post reaches the server, from a dialog that keeps focus and closes on Escape', { timeout: 2 * SLOW }, async () => {
    const { page } = reader;
    await page.goto(postPath);
    const more = page.getByRole('button', { name: 'More options' });
    await more.click();
    await page.getByRole('button', { name: 'Report' }).click();
    const dialog = page.getByRole('dialog', { name: `Report this post by ${author.username}` });
    await dialog.waitFor();
    assert.deepEqual(await unnamedControls(page), []);

    // Tab and Shift+Tab go round the dialog, never out of it.
    for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      assert.ok(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]'))), `focus stays in the dialog after ${key}`);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'More options');

    await more.click();
    await page.getByRole('button', { name: 'Report' }).click();
    await dialog.waitFor();
    await dialog.getByLabel('Why are you reporting it?').selectOption('other');
    await dialog.getByLabel('Anything the moderators should know?').fill('Posted without the photographer’s permission.');
    assert.equal(await dialog.getByLabel(`Also block ${author.username}`).isChecked(), false);
    assert.equal(await dialog.getByLabel('Anything the moderators should know?').getAttribute('maxlength'), '1000');
    await screenshots(page, '23-report-dialog');
    const reply = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/v1/reports');
    await dialog.getByRole('button', { name: 'Send report' }).click();
    const response = await reply;
    assert.equal(response.status(), 200);
    const sent = JSON.parse(response.request().postData());
    assert.deepEqual(sent.status_ids, [postId]);
    assert.equal(sent.comment, 'Posted without the photographer’s permission.');
    const report = await response.json();
    assert.deepEqual(report.status_ids, [postId]);
    await page.getByRole('dialog', { name: 'Thanks for reporting' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'was sent to the moderators' }).waitFor();
    await screenshots(page, '24-report-sent');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assertNoProblems(reader);
  });

  test('a refused report says why, in the dialog', { timeout: SLOW }, async () => {
    const { page } = reader;
    await page.goto(`/@${author.username}`);
    await page.getByRole('heading', { name: author.username }).waitFor();
    // In the grid, too, the sensitive post is its blurhash and its warning, not its photo.
    const tile = page.getByRole('link', { name: new RegExp(`Hidden photo by ${author.username}\\. Content warning: Spiders <b>up close</b>`) });
    await tile.waitFor();
    assert.equal(await tile.locator('img').count(), 0);
    assert.deepEqual(await unnamedControls(page), []);
    // The post is gone by the time the report is sent: the server refuses it.
    await page.route('**/api/v1/reports', (route) =>
      route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify({ error: 'Validation failed: the post no longer exists' }) }),
    );
    await page.locator('summary[aria-label^="More options"]').click();
    await page.getByRole('button', { name: 'Report' }).click();
    const dialog = page.getByRole('dialog', { name: `Report ${author.username}` });
    await dialog.getByRole('button', { name: 'Send report' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Could not send the report: Validation failed: the post no longer exists/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.unroute('**/api/v1/reports');
    assertNoProblems(reader);
  });

  test('a report from a profile can block the person too', { timeout: SLOW }, async () => {
    const { page } = reader;
    await page.goto(`/@${author.username}`);
    await page.getByRole('heading', { name: author.username }).waitFor();
    await page.locator('summary[aria-label^="More options"]').click();
    await page.getByRole('button', { name: 'Report' }).click();
    const dialog = page.getByRole('dialog', { name: `Report ${author.username}` });
    await dialog.getByLabel('Why are you reporting it?').selectOption('spam');
    await dialog.getByLabel(`Also block ${author.username}`).check();
    const reply = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/v1/reports');
    const blocked = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/block'));
    await dialog.getByRole('button', { name: 'Send report' }).click();
    assert.equal((await reply).status(), 200);
    const sent = JSON.parse((await reply).request().postData());
    assert.equal(sent.category, 'spam');
    assert.equal(sent.status_ids, undefined, 'a report from a profile names no post');
    assert.equal((await blocked).status(), 200);
    await page.getByRole('status').filter({ hasText: `You blocked ${author.username}.` }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Unblock' }).waitFor();
    assertNoProblems(reader);
  });

  test('signing out and in again does not register a second app', { timeout: 2 * SLOW }, async () => {
    const { page } = reader;
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/oauth\/authorize\?/);
    await page.locator('input[name=login]').fill(reader.username);
    await page.locator('input[name=password]').fill(reader.password);
    await page.locator('button[name=decision][value=allow], button[type=submit]:not([value=deny])').first().click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await eventually(page, () => page.getByRole('link', { name: 'New post' }).waitFor({ timeout: 3000 }));
    assert.equal(readerRequests.appRegistrations, 1, 'the app registered at sign-up was used again');
    const saved = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('graminsta.app')));
    assert.equal(saved.length, 1, `one saved registration: ${saved.join(', ')}`);
    assertNoProblems(reader);
  });
});
