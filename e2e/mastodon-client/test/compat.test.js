// What clients ask at launch for features Graminsta does not have answers in Mastodon's shape
// (an empty list), through masto.js; and every route takes a trailing slash, as Rails routes do.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appToken, client, createApp, register, SERVER_URL } from '../support.js';

describe('launching a client', () => {
  let user;

  before(async () => {
    user = await register(client(await appToken(await createApp())), 'launch');
  });

  test('absent features answer empty lists', async () => {
    const { v1, v2 } = user.api;
    const lists = {
      'custom emojis': v1.customEmojis.list(),
      'filters v1': v1.filters.list(),
      'filters v2': v2.filters.list(),
      lists: v1.lists.list(),
      announcements: v1.announcements.list(),
      'followed tags': v1.followedTags.list(),
      'trending tags': v1.trends.tags.list(),
      'trending statuses': v1.trends.statuses.list(),
      'trending links': v1.trends.links.list(),
      suggestions: v2.suggestions.list(),
      conversations: v1.conversations.list(),
      'scheduled statuses': v1.scheduledStatuses.list(),
      'domain blocks': v1.domainBlocks.list(),
      endorsements: v1.endorsements.list(),
      'featured tags': v1.featuredTags.list(),
      'an account\'s featured tags': v1.accounts.$select(user.id).featuredTags.list(),
      'an account\'s lists': v1.accounts.$select(user.id).lists.list(),
      'instance peers': v1.instance.peers.list(),
      'instance rules': v1.instance.rules.list(),
    };
    for (const [name, promise] of Object.entries(lists)) {
      assert.deepEqual(await promise, [], name);
    }
    assert.deepEqual(await v1.instance.translationLanguages.list(), {});
  });

  test('preferences, markers and bookmarks answer as on Mastodon', async () => {
    const preferences = await user.api.v1.preferences.fetch();
    assert.equal(preferences['posting:default:visibility'], 'public');
    assert.equal(preferences['reading:expand:media'], 'default');
    assert.deepEqual(await user.api.v1.markers.fetch({ timeline: ['home', 'notifications'] }), {});
    const saved = await user.api.v1.markers.create({ home: { lastReadId: '12345' } });
    assert.equal(saved.home.lastReadId, '12345');
    assert.equal(saved.home.version, 1);
    assert.deepEqual(await user.api.v1.bookmarks.list(), []);
  });

  test('a trailing slash changes nothing', async () => {
    const plain = await (await fetch(`${SERVER_URL}/api/v1/instance`)).json();
    const slashed = await fetch(`${SERVER_URL}/api/v1/instance/`);
    assert.equal(slashed.status, 200);
    assert.equal((await slashed.json()).version, plain.version);
    const unauthenticated = await fetch(`${SERVER_URL}/api/v1/accounts/verify_credentials/`);
    assert.equal(unauthenticated.status, 401, 'the slash does not skip the token check');
  });
});
