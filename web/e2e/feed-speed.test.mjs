// A home feed of 20+ posts: how long until the first photo shows (reported, not asserted), and
// endless scrolling through the Link-header pages to the end.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  apiPost,
  apiRegister,
  appUnderTest,
  assertNoProblems,
  launch,
  makeJpeg,
  MOBILE,
  person,
  screenshot,
  signUp,
  SLOW,
  writeArtifact,
} from './support.mjs';

const POSTS = 22; // one page of 20 and a bit, so the feed has to fetch a second page

describe('a home feed of many posts', { timeout: 10 * 60_000 }, () => {
  let browser;
  let app;
  let reader;
  let photographer;
  const results = {};

  before(async () => {
    app = await appUnderTest();
    browser = await launch();
    reader = await person(browser, app.url, 'reader');
  });

  after(async () => {
    if (Object.keys(results).length) {
      writeArtifact('feed-speed.json', `${JSON.stringify(results, null, 2)}\n`);
    }
    await browser?.close();
    await app?.close();
  });

  test(`someone the reader follows has ${POSTS} posts`, { timeout: 6 * 60_000 }, async () => {
    await signUp(reader, 'reader');
    photographer = await apiRegister('photographer');
    const { page } = reader;
    // Each post its own photo (different colours), as in a real feed.
    for (let i = 0; i < POSTS; i++) {
      const jpeg = await makeJpeg(page, { hue: (i * 37) % 360, width: 1440, height: 1080 });
      await apiPost(photographer, jpeg, `Photo number ${i + 1} #speedtest`);
    }
    await page.goto(`/@${photographer.username}`);
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await page.getByRole('button', { name: 'Following' }).waitFor();
  });

  /** Opens the home feed in a fresh tab and returns ms from navigation start to the first photo. */
  async function firstFeedImage({ cold, network }) {
    const page = await reader.context.newPage();
    const cdp = await reader.context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (cold) {
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.setBypassServiceWorker', { bypass: true });
    }
    if (network) {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network });
    }
    await page.setViewportSize(MOBILE);
    await page.goto('/', { waitUntil: 'commit' });
    const handle = await page.waitForFunction(
      () => performance.getEntriesByName('graminsta:first-feed-image')[0]?.startTime ?? null,
      null,
      { timeout: 2 * SLOW, polling: 20 },
    );
    const ms = Math.round(await handle.jsonValue());
    const { resources, steps } = await page.evaluate(() => {
      const entries = performance.getEntriesByType('resource');
      const at = (pattern) => {
        const entry = entries.find((candidate) => pattern.test(candidate.name));
        return entry ? [Math.round(entry.startTime), Math.round(entry.responseEnd)] : null;
      };
      const navigation = performance.getEntriesByType('navigation')[0];
      return {
        resources: entries.filter((entry) => /\/assets\/.*\.(js|css)$/.test(entry.name)).reduce((sum, entry) => sum + (entry.transferSize || 0), 0),
        // [start, end] in ms from navigation start: where the time goes.
        steps: {
          html: [0, Math.round(navigation.responseEnd)],
          script: at(/\/assets\/.*\.js$/),
          config: at(/config\.json$/),
          verifyCredentials: at(/verify_credentials/),
          homeTimeline: at(/timelines\/home/),
          firstPhoto: at(/\.(jpe?g|webp)(\?|$)/),
          configReady: Math.round(performance.getEntriesByName('graminsta:config')[0]?.startTime ?? -1),
          sessionReady: Math.round(performance.getEntriesByName('graminsta:session')[0]?.startTime ?? -1),
        },
      };
    });
    await page.close();
    return { ms, appTransferBytes: resources, steps };
  }

  /** The median of several loads (this machine has two cores, shared with the server). */
  async function measure(options, runs = 5) {
    const samples = [];
    for (let run = 0; run < runs; run++) samples.push(await firstFeedImage(options));
    const sorted = [...samples].sort((a, b) => a.ms - b.ms);
    const median = sorted[Math.floor(sorted.length / 2)];
    return { medianMs: median.ms, minMs: sorted[0].ms, maxMs: sorted.at(-1).ms, appTransferBytes: median.appTransferBytes, medianSteps: median.steps };
  }

  test('the first feed photo shows quickly (measured, not asserted)', { timeout: 5 * 60_000 }, async () => {
    results.posts = POSTS;
    // Let the server finish the work the posts started (fan-out, notifications) first.
    await reader.page.waitForTimeout(3000);
    results.coldLoopback = await measure({ cold: true });
    results.warmLoopback = await measure({ cold: false });
    // Roughly a good 4G phone connection: 40 ms round trips, 12 Mbit/s down, 3 Mbit/s up.
    results.cold4g = await measure({
      cold: true,
      network: { latency: 40, downloadThroughput: (12 * 1024 * 1024) / 8, uploadThroughput: (3 * 1024 * 1024) / 8 },
    });
    for (const [name, result] of Object.entries(results)) {
      if (typeof result === 'object') console.log(`# first feed image, ${name}: median ${result.medianMs} ms (${result.minMs}–${result.maxMs})`);
    }
    console.log(`# details: ${JSON.stringify(results)}`);
    assert.ok(results.coldLoopback.medianMs > 0);
  });

  test('scrolling down loads the next page until the end', { timeout: 2 * 60_000 }, async () => {
    const { page } = reader;
    await page.goto('/');
    const posts = page.getByRole('article');
    const caughtUp = page.getByText("You're all caught up.");
    await posts.first().waitFor();
    // Keep scrolling until the feed says it has reached the end: on a busy machine the last
    // (empty) page is fetched only once the bottom of the list is in view again.
    for (let attempt = 0; attempt < 120 && !(await caughtUp.isVisible()); attempt++) {
      await page.mouse.wheel(0, 4000);
      await page.waitForTimeout(250);
    }
    assert.equal(await posts.count(), POSTS, 'every post arrived through the pages');
    await caughtUp.waitFor();
    await screenshot(page, '13-feed-end');
    assertNoProblems(reader);
  });
});
