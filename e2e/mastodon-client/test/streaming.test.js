// The streaming API through masto.js's streaming client, as Elk and Phanpy open it: the origin
// from the instance's configuration.urls.streaming, the token as the WebSocket protocol, and a
// subscribe message for the user stream. A like arrives as a notification, and a followed
// account's new post as an update, each as the REST API renders it.
//
// masto.js 8 asks for Node 22, which has a global WebSocket and Promise.withResolvers; on Node 20
// (which this suite supports) the ws package stands in for the first (masto.js reads the global's
// constants even when given an implementation) and a small polyfill for the second.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createStreamingAPIClient } from 'masto';
import WebSocket from 'ws';
import { appToken, client, createApp, register } from '../support.js';

globalThis.WebSocket ??= WebSocket;
Promise.withResolvers ??= () => {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const PHOTO = new URL('../fixtures/sunset.jpg', import.meta.url);
const EVENT_TIMEOUT_MS = 10_000;

/** Every event of one masto.js subscription, read in the background into a list. */
function record(subscription) {
  const events = [];
  const reading = (async () => {
    for await (const event of subscription) {
      events.push(event);
    }
  })();
  // Closing the client ends the iteration; whatever that does is not the test's subject.
  reading.catch(() => {});
  return {
    events,
    async next(matches, what) {
      const deadline = Date.now() + EVENT_TIMEOUT_MS;
      for (;;) {
        const index = events.findIndex(matches);
        if (index >= 0) {
          return events.splice(index, 1)[0];
        }
        if (Date.now() > deadline) {
          assert.fail(`no ${what} within ${EVENT_TIMEOUT_MS} ms; got ${JSON.stringify(events.map((e) => e.event))}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

async function postPhoto(user, caption) {
  const bytes = await readFile(PHOTO);
  const media = await user.api.v2.media.create({ file: new Blob([bytes], { type: 'image/jpeg' }) });
  return user.api.v1.statuses.create({ status: caption, mediaIds: [media.id], visibility: 'public' });
}

describe('the user stream through masto.streaming', () => {
  let alice;
  let bob;
  let streaming;
  let user;

  before(async () => {
    const appClient = client(await appToken(await createApp()));
    [alice, bob] = await Promise.all([register(appClient, 'streamer'), register(appClient, 'streamed')]);
    await alice.api.v1.accounts.$select(bob.id).follow();

    const instance = await alice.api.v2.instance.fetch();
    assert.match(instance.configuration.urls.streaming, /^wss?:\/\//);
    streaming = createStreamingAPIClient({
      streamingApiUrl: instance.configuration.urls.streaming,
      accessToken: alice.token,
      implementation: WebSocket,
      retry: false,
    });
    await streaming.prepare();
    user = record(streaming.user.subscribe());
    // The protocol has no answer to a subscribe message (nor has Mastodon's): give the server a
    // moment to read it before anything happens.
    await new Promise((resolve) => setTimeout(resolve, 500));
  });

  after(() => {
    streaming?.close();
  });

  test('a like on their post arrives as a favourite notification', async () => {
    const post = await postPhoto(alice, 'Streamed #sunset');
    await bob.api.v1.statuses.$select(post.id).favourite();

    const event = await user.next((e) => e.event === 'notification', 'notification');
    assert.deepEqual(event.stream, ['user']);
    assert.equal(event.payload.type, 'favourite');
    assert.equal(event.payload.account.id, bob.id);
    assert.equal(event.payload.status.id, post.id);
    const notification = await alice.api.v1.notifications.$select(event.payload.id).fetch();
    assert.deepEqual(event.payload, notification);
  });

  test('a followed account\'s new post arrives as an update', async () => {
    const post = await postPhoto(bob, 'For my followers');

    const event = await user.next((e) => e.event === 'update' && e.payload.id === post.id, 'update');
    assert.deepEqual(event.stream, ['user']);
    assert.equal(event.payload.account.id, bob.id);
    assert.equal(event.payload.mediaAttachments.length, 1);
    assert.deepEqual(event.payload, await alice.api.v1.statuses.$select(post.id).fetch());
  });
});
