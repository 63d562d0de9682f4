// The photo flow through megalodon, the second Mastodon client library (beside masto.js) that
// apps are built on. It signs in the way such an app does (an app, the browser sign-in page, the
// authorization code), makes the calls an app makes at launch, and shares a photo uploaded
// through both /api/v2/media (megalodon's uploadMedia) and the older /api/v1/media, which many
// apps still call and which answers once the photo is processed.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import generator, { detector } from 'megalodon';
import { OUT_OF_BAND, randomSuffix, REQUEST_TIMEOUT_MS, SERVER_URL } from '../support.js';

const PHOTO = new URL('../fixtures/sunset.jpg', import.meta.url);
const SCOPES = ['read', 'write', 'follow'];

function megalodon(accessToken = null) {
  return generator('mastodon', SERVER_URL, accessToken);
}

async function eventually(check, { attempts = 40, delayMs = 250 } = {}) {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const result = await check();
    if (result) {
      return result;
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  return null;
}

/**
 * What the user does in the browser an app opens on megalodon's authorization URL: the sign-in
 * page's form, filled in and sent with its CSRF cookie. With the out-of-band redirect the page
 * then shows the code to paste into the app.
 */
async function signInOnThePage(authorizeUrl, login, password) {
  const page = await fetch(authorizeUrl, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  assert.equal(page.status, 200, 'the sign-in page opens');
  const html = await page.text();
  const form = new URLSearchParams();
  for (const input of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(input[0]);
    const value = /value="([^"]*)"/.exec(input[0]);
    if (name) {
      form.append(name[1], decodeEntities(value ? value[1] : ''));
    }
  }
  form.append('login', login);
  form.append('password', password);
  form.append('decision', 'allow');
  const cookie = page.headers.get('set-cookie').split(';')[0];
  const answer = await fetch(new URL('/oauth/authorize', SERVER_URL), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: form,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  assert.equal(answer.status, 200, 'signed in and approved');
  const code = /id="code"[^>]*value="([^"]+)"/.exec(await answer.text());
  assert.ok(code, 'the page shows the authorization code');
  return code[1];
}

function decodeEntities(text) {
  return text.replaceAll('&quot;', '"').replaceAll('&#39;', '\'').replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

describe('megalodon: sharing a photo', () => {
  let app;
  let author;
  let fan;
  let fromV2;
  let fromV1;
  let post;

  /** Signs up through the app token, as an app's sign-up screen does. */
  async function signUp(appClient, prefix) {
    const username = `${prefix}_${randomSuffix()}`.slice(0, 30);
    const email = `${username}@example.com`;
    const password = `Correct-Horse-${randomSuffix()}`;
    const registered = await appClient.registerAccount(username, email, password, true, 'en');
    assert.equal(typeof registered.data.access_token, 'string');
    const api = megalodon(registered.data.access_token);
    const me = (await api.verifyAccountCredentials()).data;
    assert.equal(me.username, username);
    return { username, email, password, api, id: me.id };
  }

  before(async () => {
    app = await megalodon().registerApp(`graminsta-e2e-megalodon-${randomSuffix()}`, {
      scopes: SCOPES, redirect_uris: OUT_OF_BAND,
    });
    assert.equal(typeof app.client_id, 'string');
    assert.ok(app.url.startsWith(`${SERVER_URL}/oauth/authorize?`), `authorization URL ${app.url}`);
    // megalodon has no call for the client_credentials grant; an app makes it with megalodon's own client.
    const token = await megalodon().client.post('/oauth/token', {
      grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret,
      redirect_uri: OUT_OF_BAND, scope: SCOPES.join(' '),
    });
    const appClient = megalodon(token.data.access_token);
    [author, fan] = await Promise.all([signUp(appClient, 'mega_author'), signUp(appClient, 'mega_fan')]);
  });

  test('the server is recognised as Mastodon', async () => {
    assert.equal(await detector(SERVER_URL), 'mastodon');
  });

  test('signing in through the browser page gives a working token', async () => {
    const code = await signInOnThePage(app.url, author.email, author.password);
    const token = await megalodon().fetchAccessToken(app.client_id, app.client_secret, code, OUT_OF_BAND);
    assert.equal(typeof token.access_token, 'string');
    author.api = megalodon(token.access_token);
    assert.equal((await author.api.verifyAccountCredentials()).data.id, author.id);
  });

  test('what an app asks at launch answers, empty where the feature does not exist', async () => {
    const instance = (await author.api.getInstance()).data;
    assert.match(instance.version, /^4\./);
    assert.equal(instance.configuration.statuses.max_media_attachments, 10);
    assert.deepEqual((await author.api.getInstanceCustomEmojis()).data, []);
    assert.deepEqual((await author.api.getFilters()).data, []);
    assert.deepEqual((await author.api.getLists()).data, []);
    assert.deepEqual((await author.api.getInstanceAnnouncements()).data, []);
    assert.deepEqual((await author.api.getFollowedTags()).data, []);
    assert.deepEqual((await author.api.getInstanceTrends()).data, []);
    assert.deepEqual((await author.api.getSuggestions()).data, []);
    assert.deepEqual((await author.api.getDomainBlocks()).data, []);
    assert.deepEqual((await author.api.getScheduledStatuses()).data, []);
    assert.deepEqual((await author.api.getConversationTimeline()).data, []);
    assert.deepEqual((await author.api.getMarkers(['home', 'notifications'])).data, {});
    const preferences = (await author.api.getPreferences()).data;
    assert.equal(preferences['posting:default:visibility'], 'public');
  });

  test('a photo uploaded through /api/v2/media is processed', async () => {
    // megalodon sends files with the form-data package, from a stream, as its README shows.
    const accepted = await author.api.uploadMedia(createReadStream(PHOTO), { description: 'The sun going down' });
    assert.equal(accepted.status, 202);
    const processed = await eventually(async () => {
      const response = await author.api.getMedia(accepted.data.id);
      return response.status === 200 ? response.data : null;
    });
    assert.ok(processed, 'the upload is processed');
    assert.equal(processed.description, 'The sun going down');
    assert.match(processed.url, /^https?:\/\//);
    fromV2 = processed;
  });

  test('a photo uploaded through /api/v1/media comes back processed', async () => {
    const bytes = await readFile(PHOTO);
    const form = new FormData();
    form.append('file', new File([bytes], 'sunset.jpg', { type: 'image/jpeg' }));
    form.append('description', 'The same sun, through v1');
    // The call apps built on megalodon make for the older endpoint, through megalodon's own client.
    const response = await author.api.client.postForm('/api/v1/media', form);
    assert.equal(response.status, 200, 'answered once processed');
    assert.equal(response.data.type, 'image');
    assert.equal(response.data.description, 'The same sun, through v1');
    assert.match(response.data.url, /^https?:\/\//);
    assert.match(response.data.preview_url, /^https?:\/\//);
    const served = await fetch(response.data.url);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/jpeg');
    fromV1 = response.data;
  });

  test('both photos are posted together with a caption', async () => {
    assert.ok(fromV1 && fromV2, 'needs both uploads above');
    post = (await author.api.postStatus('Two sunsets #sunset', {
      media_ids: [fromV2.id, fromV1.id], visibility: 'public',
    })).data;
    assert.match(post.id, /^\d+$/);
    assert.deepEqual(post.media_attachments.map((media) => media.id), [fromV2.id, fromV1.id]);
    assert.deepEqual(post.tags.map((tag) => tag.name.toLowerCase()), ['sunset']);
  });

  test('a follower sees the post, likes it, bookmarks it and comments', async () => {
    assert.ok(post, 'needs the post above');
    await fan.api.followAccount(author.id);
    const home = (await fan.api.getHomeTimeline()).data;
    assert.ok(home.some((status) => status.id === post.id), 'in the follower\'s home timeline');

    assert.equal((await fan.api.favouriteStatus(post.id)).data.favourited, true);
    assert.equal((await fan.api.bookmarkStatus(post.id)).data.bookmarked, true);
    assert.deepEqual((await fan.api.getFavourites()).data.map((status) => status.id), [post.id]);
    assert.deepEqual((await fan.api.getBookmarks()).data.map((status) => status.id), [post.id]);

    const comment = (await fan.api.postStatus('Beautiful', { in_reply_to_id: post.id })).data;
    const context = (await author.api.getStatusContext(post.id)).data;
    assert.deepEqual(context.descendants.map((status) => status.id), [comment.id]);
  });

  test('the author is notified and keeps their reading position', async () => {
    const notifications = await eventually(async () => {
      const list = (await author.api.getNotifications()).data;
      const types = new Set(list.map((notification) => notification.type));
      return types.has('favourite') && types.has('mention') ? list : null;
    });
    assert.ok(notifications, 'a favourite and a comment notification arrive');
    const latest = notifications[0].id;

    const saved = (await author.api.saveMarkers({ notifications: { last_read_id: latest } })).data;
    assert.equal(saved.notifications.last_read_id, latest);
    const markers = (await author.api.getMarkers(['notifications'])).data;
    assert.equal(markers.notifications.last_read_id, latest);
    assert.equal(markers.notifications.version, 1);
  });
});
