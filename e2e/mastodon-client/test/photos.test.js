// The photo-sharing loop through masto.js: upload a photo, post it, see it in a follower's home
// feed, like it and comment on it, and find both in the author's notifications.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { appToken, client, createApp, register } from '../support.js';

const PHOTO = new URL('../fixtures/sunset.jpg', import.meta.url);

/** Notifications are made after the action commits; give them a moment, boundedly. */
async function eventually(check, { attempts = 20, delayMs = 250 } = {}) {
  let last;
  for (let attempt = 0; attempt < attempts; attempt++) {
    last = await check();
    if (last) {
      return last;
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  return last;
}

describe('sharing a photo', () => {
  let author;
  let follower;
  let media;
  let post;
  let comment;

  before(async () => {
    const appClient = client(await appToken(await createApp()));
    [author, follower] = await Promise.all([register(appClient, 'author'), register(appClient, 'fan')]);
    await follower.api.v1.accounts.$select(author.id).follow();
  });

  test('an uploaded photo is processed into variants', async () => {
    const bytes = await readFile(PHOTO);
    // masto polls GET /api/v1/media/:id until the url appears, as apps do.
    media = await author.api.v2.media.create({
      file: new Blob([bytes], { type: 'image/jpeg' }),
      description: 'The sun going down over the hills',
    });
    assert.equal(media.type, 'image');
    assert.equal(media.description, 'The sun going down over the hills');
    assert.match(media.url, /^https?:\/\//);
    assert.match(media.previewUrl, /^https?:\/\//);
    assert.equal(typeof media.blurhash, 'string');

    const served = await fetch(media.url);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/jpeg');
    assert.match(served.headers.get('cache-control') ?? '', /immutable/);
  });

  test('the photo is posted with a caption', async () => {
    assert.ok(media, 'needs the upload above');
    post = await author.api.v1.statuses.create({
      status: 'Evening light #sunset',
      mediaIds: [media.id],
      visibility: 'public',
    });
    assert.match(post.id, /^\d+$/);
    assert.equal(post.mediaAttachments.length, 1);
    assert.equal(post.mediaAttachments[0].id, media.id);
    assert.deepEqual(post.tags.map((tag) => tag.name.toLowerCase()), ['sunset']);
    assert.match(post.content, /Evening light/);
  });

  test('a follower sees it in their home feed', async () => {
    assert.ok(post, 'needs the post above');
    const home = await follower.api.v1.timelines.home.list();
    const seen = home.find((status) => status.id === post.id);
    assert.ok(seen, 'the post is in the follower\'s home timeline');
    assert.equal(seen.account.id, author.id);
    assert.equal(seen.mediaAttachments[0].url, media.url);
  });

  test('the follower likes it', async () => {
    const liked = await follower.api.v1.statuses.$select(post.id).favourite();
    assert.equal(liked.favourited, true);
    assert.equal(liked.favouritesCount, 1);
    const likers = await author.api.v1.statuses.$select(post.id).favouritedBy.list();
    assert.deepEqual(likers.map((account) => account.id), [follower.id]);
  });

  test('the follower comments on it', async () => {
    comment = await follower.api.v1.statuses.create({ status: 'What a view!', inReplyToId: post.id });
    assert.equal(comment.inReplyToId, post.id);
    const context = await author.api.v1.statuses.$select(post.id).context.fetch();
    assert.deepEqual(context.descendants.map((status) => status.id), [comment.id]);
    const updated = await author.api.v1.statuses.$select(post.id).fetch();
    assert.equal(updated.repliesCount, 1);
  });

  test('the author is notified of both', async () => {
    assert.ok(comment, 'needs the comment above');
    const notifications = await eventually(async () => {
      const list = await author.api.v1.notifications.list();
      const types = new Set(list.map((notification) => notification.type));
      return types.has('favourite') && (types.has('mention') || types.has('reply')) ? list : null;
    });
    assert.ok(notifications, 'a favourite and a comment notification arrive');
    const favourite = notifications.find((notification) => notification.type === 'favourite');
    assert.equal(favourite.account.id, follower.id);
    assert.equal(favourite.status.id, post.id);
    const reply = notifications.find((notification) => notification.type === 'mention' || notification.type === 'reply');
    assert.equal(reply.account.id, follower.id);
    assert.equal(reply.status.id, comment.id);
  });
});
