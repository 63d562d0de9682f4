// The web app in a real browser against a real server: sign-up, posting, following, liking,
// commenting, notifications, a refused file, a private account, sign-out and OAuth sign-in.
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

const CAPTION = 'Evening light over the hills #sunset <script>alert(1)</script>';
const COMMENT = 'What a view!';

describe('the Graminsta web app', { timeout: 10 * 60_000 }, () => {
  let browser;
  let app;
  let author;
  let fan;
  let stranger;
  let photo;
  let postPath;

  before(async () => {
    app = await appUnderTest();
    browser = await launch();
    author = await person(browser, app.url, 'author');
    fan = await person(browser, app.url, 'fan');
  });

  after(async () => {
    // What each browser showed last: the first thing to look at when a test failed.
    for (const who of [author, fan, stranger]) {
      await who?.page.screenshot({ path: `${ARTIFACTS}zz-last-${who.name}.png` }).catch(() => {});
    }
    await browser?.close();
    await app?.close();
  });

  test('a visitor sees the welcome screen with named controls', async () => {
    const { page } = author;
    await page.goto('/');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.deepEqual(await unnamedControls(page), []);
    await screenshots(page, '01-welcome');
  });

  test('two people sign up', { timeout: 2 * SLOW }, async () => {
    await Promise.all([signUp(author, 'author'), signUp(fan, 'fan')]);
    for (const who of [author, fan]) {
      await who.page.getByRole('heading', { name: 'Welcome to Graminsta' }).waitFor();
    }
    assert.deepEqual(await unnamedControls(author.page), []);
    await screenshots(author.page, '02-empty-home');
  });

  test('a file that is not a photo is refused with a clear message', async () => {
    const { page } = author;
    await page.getByRole('link', { name: 'New post' }).click();
    await page.getByRole('heading', { name: 'New post' }).waitFor();
    await page.locator('#pick-photos').setInputFiles({
      name: 'notes.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('These are my notes, not a photo.\n'),
    });
    const alert = page.getByRole('alert').filter({ hasText: 'notes.jpg' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /“notes\.jpg” is not a photo Graminsta can read/);
    assert.equal(await page.locator('.compose-photo').count(), 0, 'the file was not added');
    await screenshots(page, '03-rejected-file');
  });

  test('the author posts a photo with alt text and a caption', { timeout: 2 * SLOW }, async () => {
    const { page } = author;
    photo = await makeJpeg(page, { hue: 25 });
    await page.locator('#pick-photos').setInputFiles({ name: 'sunset.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByLabel('Alt text for photo 1').fill('The sun going down over dark hills');
    await page.getByLabel('Caption').fill(CAPTION);
    assert.equal(await page.getByLabel('Who can see this post').inputValue(), 'public');
    assert.deepEqual(await unnamedControls(page), []);
    await screenshots(page, '04-compose');
    await page.getByRole('button', { name: 'Share' }).click();
    // Progress shows while uploading, then the feed opens with the new post on top.
    const post = page.getByRole('article', { name: `Post by ${author.username}` }).first();
    await post.waitFor({ timeout: 2 * SLOW });
    await post.locator('.photo.is-loaded').waitFor();
    const caption = await post.locator('.post-caption').innerText();
    assert.ok(caption.includes('<script>alert(1)</script>'), `the caption shows the script tag as text: ${caption}`);
    assert.equal(await post.getByRole('link', { name: '#sunset' }).getAttribute('href'), '/tags/sunset');
    assert.equal(await post.getByRole('img', { name: 'The sun going down over dark hills' }).count(), 1);
    postPath = await post.locator('.post-time').getAttribute('href');
    assert.match(postPath, new RegExp(`^/@${author.username}/\\d+$`));
    assertNoProblems(author);
  });

  test('the fan follows the author, sees the post in the home feed, likes it and comments', { timeout: 3 * SLOW }, async () => {
    const { page } = fan;
    await page.goto(`/@${author.username}`);
    await page.getByRole('heading', { name: author.username }).waitFor();
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await page.getByRole('button', { name: 'Following' }).waitFor();
    await screenshots(page, '05-profile-followed');

    await page.getByRole('link', { name: 'Home', exact: true }).click();
    const post = page.getByRole('article', { name: `Post by ${author.username}` });
    await eventually(page, () => post.waitFor({ timeout: 3000 }));
    await post.locator('.photo.is-loaded').waitFor();
    assert.ok((await post.locator('.post-caption').innerText()).includes('<script>alert(1)</script>'));

    // A double tap on the photo likes it.
    const photoBox = await post.locator('.carousel').boundingBox();
    const x = photoBox.x + photoBox.width / 2;
    const y = photoBox.y + photoBox.height / 2;
    await page.touchscreen.tap(x, y);
    await page.waitForTimeout(80);
    await page.touchscreen.tap(x, y);
    const like = post.getByRole('button', { name: 'Like' });
    await page.waitForFunction((element) => element.getAttribute('aria-pressed') === 'true', await like.elementHandle());
    await post.getByText('1 like', { exact: true }).waitFor();
    await screenshots(page, '06-feed-liked');

    await post.getByRole('link', { name: 'Comment' }).click();
    await page.getByLabel('Add a comment').fill(COMMENT);
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await page.locator('.comment').filter({ hasText: COMMENT }).waitFor();
    await page.getByRole('heading', { name: '1 comment' }).waitFor();
    assert.deepEqual(await unnamedControls(page), []);
    await screenshots(page, '07-post-page');
    assertNoProblems(fan);
  });

  test('the author sees the like and the comment in notifications', { timeout: 2 * SLOW }, async () => {
    const { page } = author;
    await page.getByRole('link', { name: 'Notifications' }).click();
    await eventually(page, async () => {
      await page.getByRole('link', { name: new RegExp(`${fan.username} liked your post`) }).waitFor({ timeout: 3000 });
      await page.getByRole('link', { name: new RegExp(`${fan.username} commented: ${COMMENT}`) }).waitFor({ timeout: 3000 });
    });
    assert.deepEqual(await unnamedControls(page), []);
    await screenshots(page, '08-notifications');

    // The comment notification leads to the post, where the author sees the comment.
    await page.getByRole('link', { name: new RegExp(`commented: ${COMMENT}`) }).click();
    await page.locator('.comment').filter({ hasText: COMMENT }).waitFor();
    assert.equal(new URL(page.url()).pathname, postPath);
  });

  test("a private account's posts are hidden from people who do not follow it", { timeout: 4 * SLOW }, async () => {
    stranger = await person(browser, app.url, 'private');
    await signUp(stranger, 'private');
    const { page } = stranger;

    await page.goto('/settings');
    await page.getByRole('switch', { name: 'Private account' }).check();
    await page.getByText('Your account is private now.').waitFor();
    await screenshots(page, '09-settings');

    await page.getByRole('link', { name: 'New post' }).click();
    await page.locator('#pick-photos').setInputFiles({ name: 'secret.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page, { hue: 200 }) });
    await page.getByLabel('Caption').fill('Only for my followers');
    assert.equal(await page.getByLabel('Who can see this post').inputValue(), 'private', 'a private account posts to followers by default');
    await page.getByRole('button', { name: 'Share' }).click();
    const own = page.getByRole('article', { name: `Post by ${stranger.username}` }).first();
    await own.waitFor({ timeout: 2 * SLOW });
    const secretPath = await own.locator('.post-time').getAttribute('href');

    // The fan does not follow: no grid, and the post's own address shows nothing.
    await fan.page.goto(`/@${stranger.username}`);
    await fan.page.getByRole('heading', { name: 'This account is private' }).waitFor();
    assert.equal(await fan.page.locator('.grid-item').count(), 0);
    await screenshots(fan.page, '10-private-profile');
    await fan.page.goto(secretPath);
    await fan.page.getByRole('alert').waitFor();
    assert.equal(await fan.page.getByText('Only for my followers').count(), 0, 'the caption is not shown');

    // Asking to follow; once approved, the post shows.
    await fan.page.goto(`/@${stranger.username}`);
    await fan.page.getByRole('button', { name: 'Follow', exact: true }).click();
    await fan.page.getByRole('button', { name: 'Requested' }).waitFor();

    await page.goto('/follow-requests');
    await page.getByRole('button', { name: `Approve ${fan.username}` }).click();
    await page.getByText('Approved').waitFor();
    await screenshots(page, '11-follow-requests');

    await fan.page.goto(secretPath);
    await fan.page.getByText('Only for my followers').waitFor();
    assertNoProblems(fan);
    assertNoProblems(stranger);
  });

  test('explore, hashtag pages and search find the post and its author', { timeout: 2 * SLOW }, async () => {
    const { page } = fan;
    await page.getByRole('link', { name: 'Explore' }).click();
    const grid = page.getByRole('list', { name: 'Recent posts' });
    await eventually(page, () => grid.locator(`a[href="${postPath}"]`).waitFor({ timeout: 3000 }));
    await screenshots(page, '12-explore');

    await page.goto('/tags/sunset');
    await page.getByRole('heading', { name: '#sunset' }).waitFor();
    await page.getByRole('list', { name: 'Posts tagged #sunset' }).locator(`a[href="${postPath}"]`).waitFor();

    await page.goto('/search');
    await page.getByLabel('Search people and hashtags').fill(author.username.slice(0, 10));
    const result = page.getByRole('link', { name: new RegExp(author.username) });
    await result.waitFor();
    await screenshots(page, '13-search');
    await result.click();
    await page.getByRole('heading', { name: author.username }).waitFor();
    assert.deepEqual(await unnamedControls(page), []);
    assertNoProblems(fan);
  });

  test('everything on a post is reachable and usable with the keyboard alone', async () => {
    const { page } = fan;
    await page.goto(postPath);
    const like = page.getByRole('button', { name: 'Like', exact: true });
    await like.waitFor();
    await page.locator('body').focus();
    const reached = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const active = await page.evaluate(() => {
        const element = document.activeElement;
        return element ? element.getAttribute('aria-label') || element.textContent?.trim() || element.id || element.tagName : '';
      });
      reached.push(active);
      if (active === 'Like') break;
    }
    assert.ok(reached.includes('Skip to content'), `the skip link comes first: ${reached.join(' | ')}`);
    assert.equal(reached.at(-1), 'Like', `Tab reaches the like button: ${reached.join(' | ')}`);
    assert.equal(await like.getAttribute('aria-pressed'), 'true');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('.like-button')?.getAttribute('aria-pressed') === 'false');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.like-button')?.getAttribute('aria-pressed') === 'true');
    // A comment is written and sent from the keyboard, then deleted.
    await page.getByLabel('Add a comment').focus();
    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Enter');
    const comment = page.locator('.comment').filter({ hasText: 'Typed without a mouse' });
    await comment.waitFor();
    await comment.getByRole('button', { name: /Delete your comment/ }).click();
    await comment.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: '1 comment' }).waitFor();
    assertNoProblems(fan);
  });

  test('a post of several photos: reordered, uploaded with progress bars, shown as a carousel', { timeout: 3 * SLOW }, async () => {
    const { page, context } = author;
    await page.goto('/compose');
    const files = [];
    for (const [index, hue] of [120, 200, 280].entries()) {
      files.push({ name: `photo-${index + 1}.jpg`, mimeType: 'image/jpeg', buffer: await makeJpeg(page, { hue, width: 2000, height: 1500, quality: 0.95 }) });
    }
    await page.locator('#pick-photos').setInputFiles(files);
    await page.getByLabel('Alt text for photo 3').fill('Violet sky');
    await page.getByRole('button', { name: 'Move photo 3 earlier' }).click();
    await page.getByRole('button', { name: 'Move photo 2 earlier' }).click();
    assert.equal(await page.getByLabel('Alt text for photo 1').inputValue(), 'Violet sky', 'the third photo is now first');
    await page.getByLabel('Caption').fill('Three skies');

    // A slow uplink, so the progress of each photo can be seen.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 400 * 1024 });
    await page.getByRole('button', { name: 'Share' }).click();
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('progress')).some((bar) => bar.hasAttribute('value') && bar.value > 0 && bar.value < 1),
      null,
      { polling: 50 },
    );
    const bars = await page.getByRole('progressbar').count();
    assert.ok(bars >= 1, 'each uploading photo has a progress bar');
    await screenshots(page, '14-uploading');
    const post = page.getByRole('article', { name: `Post by ${author.username}` }).first();
    await post.getByText('Three skies').waitFor({ timeout: 2 * SLOW });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    const carousel = post.getByRole('region', { name: '3 photos' });
    assert.equal(await carousel.getByRole('img', { name: 'Violet sky' }).count(), 1);
    await carousel.getByRole('button', { name: 'Next photo' }).click();
    await carousel.getByText('Photo 2 of 3').waitFor();
    await carousel.getByRole('button', { name: 'Previous photo' }).waitFor();
    await screenshots(page, '15-carousel');
    assertNoProblems(author);
  });

  test('the author edits the profile: name, bio and avatar', { timeout: 2 * SLOW }, async () => {
    const { page } = author;
    await page.goto('/settings/profile');
    await page.getByLabel('Name').fill('Ada the Author');
    await page.getByLabel('Bio').fill('Light, hills & <b>bold</b> claims');
    await page.locator('#avatar-input').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page, { width: 400, height: 400, hue: 300 }) });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: author.username }).waitFor();
    await page.getByText('Ada the Author').waitFor();
    await page.getByText('Light, hills & <b>bold</b> claims').waitFor();
    const avatar = await page.locator('.profile-avatar img').getAttribute('src');
    assert.ok(!avatar.includes('missing'), `the new avatar shows: ${avatar}`);
    await screenshots(page, '16-own-profile');
    assertNoProblems(author);
  });

  test('signing out revokes the session, and signing in goes through the OAuth page', { timeout: 2 * SLOW }, async () => {
    const { page } = author;
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();

    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/oauth\/authorize\?/);
    const authorize = new URL(page.url());
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(authorize.searchParams.get('state'));
    await page.locator('input[name=login]').fill(author.username);
    await page.locator('input[name=password]').fill(author.password);
    await screenshots(page, '17-oauth-sign-in');
    await page.locator('button[name=decision][value=allow], button[type=submit]:not([value=deny])').first().click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    await page.getByRole('article', { name: `Post by ${author.username}` }).first().waitFor();
  });

  test('the installable shell: manifest, icons and a service worker', async () => {
    const { page } = author;
    const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.some((icon) => icon.sizes === '512x512' && icon.purpose === 'maskable'));
    const registered = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.scriptURL ?? null;
    });
    assert.match(registered, /\/sw\.js$/);
  });
});
