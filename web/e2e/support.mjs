// What the browser tests share: Debian's Chromium driven by playwright-core (no browser is ever
// downloaded), the app's address, people signing up through the UI, test photos, screenshots.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startStaticServer } from './static-server.mjs';

export const SERVER_URL = (process.env.GRAMINSTA_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = new URL('../e2e-artifacts/', import.meta.url).pathname;
export const MOBILE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
/** Password hashing on a 2-core machine is slow on purpose; sign-ups may take seconds. */
export const SLOW = 30_000;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function suffix() {
  return randomBytes(4).toString('hex');
}

/**
 * Where the app is: the server itself when it serves web/dist (the all-in-one setup), otherwise
 * web/dist on a local static server in front of the API (the standalone deploy of stage 3).
 */
export async function appUnderTest() {
  if (process.env.GRAMINSTA_APP_URL) {
    return { url: process.env.GRAMINSTA_APP_URL.replace(/\/+$/, ''), close: async () => {} };
  }
  const manifest = await fetch(`${SERVER_URL}/manifest.webmanifest`).catch(() => null);
  if (manifest?.ok && (await manifest.json().catch(() => ({}))).name === 'Graminsta') {
    return { url: SERVER_URL, close: async () => {} };
  }
  if (!existsSync(new URL('../dist/index.html', import.meta.url))) {
    throw new Error('web/dist is missing: run `npm run build` first');
  }
  return startStaticServer({ apiUrl: SERVER_URL });
}

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A person's own browser (separate storage), phone-sized and touch-enabled. Fails the test on
 * any script error, CSP violation or unexpected dialog (an alert from injected script, say).
 */
export async function person(browser, appUrl, name) {
  const context = await browser.newContext({
    baseURL: appUrl,
    viewport: MOBILE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    serviceWorkers: 'allow',
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(text)) {
      problems.push(`CSP: ${text}`);
    }
  });
  page.on('dialog', (dialog) => {
    if (dialog.type() === 'confirm') {
      void dialog.accept();
    } else {
      problems.push(`unexpected ${dialog.type()} dialog: ${dialog.message()}`);
      void dialog.dismiss();
    }
  });
  page.setDefaultTimeout(SLOW);
  return { name, context, page, problems };
}

export function assertNoProblems(who) {
  assert.deepEqual(who.problems, [], `${who.name}'s browser saw no script errors, CSP violations or alerts`);
}

export async function screenshot(page, name) {
  const size = page.viewportSize();
  const label = size && size.width >= 1000 ? 'desktop' : 'mobile';
  await page.screenshot({ path: `${ARTIFACTS}${name}-${label}.png`, fullPage: false });
}

/** Screenshots at both required sizes, restoring the phone size afterwards. */
export async function screenshots(page, name) {
  await page.setViewportSize(MOBILE);
  await page.waitForTimeout(150);
  await screenshot(page, name);
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(250);
  await screenshot(page, name);
  await page.setViewportSize(MOBILE);
}

/** Signs a new person up through the app's own form; returns their credentials. */
export async function signUp(who, prefix) {
  const { page } = who;
  const username = `${prefix}_${suffix()}`;
  const password = `Correct-Horse-Battery-${suffix()}`;
  await page.goto('/');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel("I agree to this server's rules and terms.").check();
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  who.username = username;
  who.password = password;
  return { username, password };
}

/** Signs someone in through the app's button and the server's OAuth sign-in page. */
export async function signIn(who, { username, password }) {
  const { page } = who;
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/oauth\/authorize\?/);
  await page.locator('input[name=login]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[name=decision][value=allow], button[type=submit]:not([value=deny])').first().click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  who.username = username;
  who.password = password;
}

/** A JPEG drawn by the browser itself (a sky, a sun, hills and some grain), as bytes. */
export async function makeJpeg(page, { width = 1600, height = 1200, hue = 30, quality = 0.85 } = {}) {
  const base64 = await page.evaluate(
    async ({ width, height, hue, quality }) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext('2d');
      const sky = g.createLinearGradient(0, 0, 0, height);
      sky.addColorStop(0, `hsl(${hue}, 80%, 60%)`);
      sky.addColorStop(1, `hsl(${(hue + 40) % 360}, 70%, 30%)`);
      g.fillStyle = sky;
      g.fillRect(0, 0, width, height);
      g.fillStyle = `hsl(${(hue + 180) % 360}, 90%, 75%)`;
      g.beginPath();
      g.arc(width * 0.7, height * 0.35, height * 0.12, 0, Math.PI * 2);
      g.fill();
      g.fillStyle = `hsl(${(hue + 90) % 360}, 40%, 20%)`;
      g.beginPath();
      g.moveTo(0, height);
      g.lineTo(width * 0.3, height * 0.55);
      g.lineTo(width * 0.55, height * 0.8);
      g.lineTo(width * 0.8, height * 0.6);
      g.lineTo(width, height);
      g.fill();
      const image = g.getImageData(0, 0, width, height);
      for (let i = 0; i < image.data.length; i += 4) {
        const noise = (Math.random() - 0.5) * 24;
        image.data[i] += noise;
        image.data[i + 1] += noise;
        image.data[i + 2] += noise;
      }
      g.putImageData(image, 0, 0);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    { width, height, hue, quality },
  );
  return Buffer.from(base64, 'base64');
}

/** Repeats `check` (reloading the page in between) until it passes or time runs out. */
export async function eventually(page, check, { attempts = 15, delayMs = 700 } = {}) {
  let lastError;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
      await page.waitForTimeout(delayMs);
      await page.reload();
    }
  }
  throw lastError;
}

/**
 * Every control on the page has an accessible name: buttons, links, inputs, selects and text
 * areas. Returns the ones that lack one, described by their HTML.
 */
export async function unnamedControls(page) {
  return page.evaluate(() => {
    const visible = (element) => {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return style.visibility !== 'hidden' && style.display !== 'none' && (box.width > 0 || box.height > 0 || element.classList.contains('file-input'));
    };
    const text = (element) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const nameOf = (element) => {
      const label = element.getAttribute('aria-label');
      if (label?.trim()) return label;
      const labelledBy = element.getAttribute('aria-labelledby');
      if (labelledBy) {
        const named = labelledBy.split(/\s+/).map((id) => text(document.getElementById(id))).join(' ').trim();
        if (named) return named;
      }
      if (element.labels?.length) {
        const named = Array.from(element.labels).map(text).join(' ').trim();
        if (named) return named;
      }
      if (element.matches('button, a, summary')) {
        const own = text(element) || Array.from(element.querySelectorAll('img[alt]')).map((img) => img.alt).join(' ').trim();
        if (own) return own;
      }
      return element.getAttribute('title')?.trim() || element.getAttribute('placeholder')?.trim() || '';
    };
    return Array.from(document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, summary, [role=switch]'))
      .filter(visible)
      .filter((element) => !element.closest('[aria-hidden="true"]'))
      .filter((element) => !nameOf(element))
      .map((element) => element.outerHTML.slice(0, 160));
  });
}

export function writeArtifact(name, content) {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(`${ARTIFACTS}${name}`, content);
}

// --- Direct API calls, for setting up data faster than a person could -----------------------

async function json(response) {
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(body)}`);
  return body;
}

export async function apiRegister(prefix) {
  const app = await json(
    await fetch(`${SERVER_URL}/api/v1/apps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_name: `e2e-${suffix()}`, redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow' }),
    }),
  );
  const appToken = await json(
    await fetch(`${SERVER_URL}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write follow' }),
    }),
  );
  const username = `${prefix}_${suffix()}`;
  const password = `Correct-Horse-Battery-${suffix()}`;
  const token = await json(
    await fetch(`${SERVER_URL}/api/v1/accounts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${appToken.access_token}` },
      body: JSON.stringify({ username, email: `${username}@example.com`, password, agreement: true, locale: 'en' }),
    }),
  );
  const call = async (method, path, body, headers = {}) =>
    json(
      await fetch(`${SERVER_URL}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token.access_token}`, ...(body && !(body instanceof FormData) ? { 'Content-Type': 'application/json' } : {}), ...headers },
        body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
      }),
    );
  const account = await call('GET', '/api/v1/accounts/verify_credentials');
  return { username, password, token: token.access_token, account, call };
}

/** Uploads a photo, waiting for processing as a client does; returns the attachment. */
export async function apiUpload(user, jpeg, caption) {
  const form = new FormData();
  form.append('file', new Blob([jpeg], { type: 'image/jpeg' }), 'photo.jpg');
  form.append('description', `Test photo: ${caption}`);
  let media = await user.call('POST', '/api/v2/media', form);
  for (let attempt = 0; !media.url && attempt < 100; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    media = await user.call('GET', `/api/v1/media/${media.id}`);
  }
  assert.ok(media.url, 'the photo was processed');
  return media;
}

/** Posts already uploaded photos (public). */
export function apiPostMedia(user, media, caption) {
  const ids = (Array.isArray(media) ? media : [media]).map((item) => item.id);
  return user.call('POST', '/api/v1/statuses', { status: caption, media_ids: ids, visibility: 'public' }, { 'Idempotency-Key': suffix() });
}

/** Uploads a photo and posts it, waiting for processing as a client does. */
export async function apiPost(user, jpeg, caption) {
  return apiPostMedia(user, await apiUpload(user, jpeg, caption), caption);
}
