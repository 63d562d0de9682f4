// Drives a running Graminsta server through masto.js, a Mastodon client library that real apps
// (Elk, Phanpy) use. If masto.js can sign up, sign in, follow and block here, so can they.
//
// GRAMINSTA_URL points at the server (default http://127.0.0.1:8080). Every run makes new users
// with random names, so it can run against a server that already has data.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MastoHttpError } from 'masto';
import {
  appToken, client, createApp, oauth, randomSuffix, register, rejectsWithStatus, relationshipTo, SCOPES,
} from '../support.js';

let app;
let appClient;

before(async () => {
  app = await createApp();
  appClient = client(await appToken(app));
});

describe('signing up', () => {
  let user;

  test('a new user gets a token that verifies as their own, public account', async () => {
    user = await register(appClient, 'signup');
    assert.equal(user.account.locked, false);
    const found = await user.api.v1.accounts.$select(user.id).fetch();
    assert.equal(found.id, user.id);
    assert.equal(found.username, user.username);
  });

  test('a taken username is refused', async () => {
    assert.ok(user, 'needs the user signed up above');
    await rejectsWithStatus(
      appClient.v1.accounts.create({
        username: user.username,
        email: `other_${randomSuffix()}@example.com`,
        password: `Correct-Horse-${randomSuffix()}`,
        agreement: true,
        locale: 'en',
      }),
      [422],
      'registering a taken username',
    );
  });
});

describe('signing in with a password', () => {
  let user;

  before(async () => {
    user = await register(appClient, 'signin');
  });

  test('email and password give a token that works', async () => {
    const token = await oauth.token.create({
      grantType: 'password',
      username: user.email,
      password: user.password,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      scope: SCOPES,
    });
    assert.equal(typeof token.accessToken, 'string');
    const me = await client(token.accessToken).v1.accounts.verifyCredentials();
    assert.equal(me.id, user.id);
    assert.equal(me.username, user.username);
  });

  test('a wrong password is refused', async () => {
    // RFC 6749 section 5.2: bad resource-owner credentials are invalid_grant, status 400.
    await assert.rejects(
      oauth.token.create({
        grantType: 'password',
        username: user.email,
        password: `${user.password}-wrong`,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        scope: SCOPES,
      }),
      (error) => {
        assert.ok(error instanceof MastoHttpError, `expected an HTTP error, got ${error?.name}: ${error?.message}`);
        assert.equal(error.statusCode, 400);
        assert.equal(error.message, 'invalid_grant');
        return true;
      },
    );
  });

  test('a request without a token cannot read credentials', async () => {
    await rejectsWithStatus(client().v1.accounts.verifyCredentials(), [401], 'verify_credentials without a token');
  });

  test('a made-up token is refused', async () => {
    await rejectsWithStatus(
      client(`not-a-token-${randomSuffix()}`).v1.accounts.verifyCredentials(),
      [401],
      'verify_credentials with a bogus token',
    );
  });
});

describe('following a public account', () => {
  let alice;
  let bob;

  before(async () => {
    [alice, bob] = await Promise.all([register(appClient, 'alice'), register(appClient, 'bob')]);
  });

  test('an account can be looked up by username', async () => {
    const found = await alice.api.v1.accounts.lookup({ acct: bob.username });
    assert.equal(found.id, bob.id);
    assert.equal(found.username, bob.username);
  });

  test('following takes effect at once', async () => {
    const relationship = await alice.api.v1.accounts.$select(bob.id).follow();
    assert.equal(relationship.id, bob.id);
    assert.equal(relationship.following, true);
    assert.equal(relationship.requested, false);
  });

  test('relationships show the follow from both sides', async () => {
    const fromAlice = await relationshipTo(alice, bob);
    assert.equal(fromAlice.following, true);
    assert.equal(fromAlice.followedBy, false);

    const fromBob = await relationshipTo(bob, alice);
    assert.equal(fromBob.following, false);
    assert.equal(fromBob.followedBy, true);
  });

  test('the follower appears in the followers list', async () => {
    const followers = await alice.api.v1.accounts.$select(bob.id).followers.list();
    assert.deepEqual(followers.map((account) => account.id), [alice.id]);

    const following = await bob.api.v1.accounts.$select(alice.id).following.list();
    assert.deepEqual(following.map((account) => account.id), [bob.id]);
  });

  test('counters follow the follow', async () => {
    const me = await alice.api.v1.accounts.verifyCredentials();
    assert.equal(me.followingCount, 1);
    const them = await alice.api.v1.accounts.$select(bob.id).fetch();
    assert.equal(them.followersCount, 1);
  });
});

describe('following a locked account', () => {
  let bob;
  let carol;

  before(async () => {
    [bob, carol] = await Promise.all([register(appClient, 'bob'), register(appClient, 'carol')]);
  });

  test('an account can lock itself', async () => {
    // masto sends update_credentials as a multipart PATCH, as Mastodon's web app does.
    const me = await bob.api.v1.accounts.updateCredentials({ locked: true });
    assert.equal(me.id, bob.id);
    assert.equal(me.locked, true);
    const seenByOthers = await carol.api.v1.accounts.lookup({ acct: bob.username });
    assert.equal(seenByOthers.locked, true);
  });

  test('following a locked account makes a request, not a follow', async () => {
    const relationship = await carol.api.v1.accounts.$select(bob.id).follow();
    assert.equal(relationship.requested, true);
    assert.equal(relationship.following, false);
  });

  test('the owner sees the pending request', async () => {
    const requests = await bob.api.v1.followRequests.list();
    assert.deepEqual(requests.map((account) => account.id), [carol.id]);
    const fromBob = await relationshipTo(bob, carol);
    assert.equal(fromBob.requestedBy, true);
    assert.equal(fromBob.followedBy, false);
  });

  test('authorizing the request turns it into a follow', async () => {
    const relationship = await bob.api.v1.followRequests.$select(carol.id).authorize();
    assert.equal(relationship.id, carol.id);
    assert.equal(relationship.followedBy, true);

    const fromCarol = await relationshipTo(carol, bob);
    assert.equal(fromCarol.following, true);
    assert.equal(fromCarol.requested, false);

    const requests = await bob.api.v1.followRequests.list();
    assert.deepEqual(requests, []);
  });
});

describe('blocking', () => {
  let alice;
  let bob;

  before(async () => {
    [alice, bob] = await Promise.all([register(appClient, 'alice'), register(appClient, 'bob')]);
    // Follows both ways, so the block has something to remove.
    await alice.api.v1.accounts.$select(bob.id).follow();
    await bob.api.v1.accounts.$select(alice.id).follow();
  });

  test('a block shows on the blocker\'s side and removes follows both ways', async () => {
    const relationship = await bob.api.v1.accounts.$select(alice.id).block();
    assert.equal(relationship.id, alice.id);
    assert.equal(relationship.blocking, true);
    assert.equal(relationship.following, false);
    assert.equal(relationship.followedBy, false);
  });

  test('the blocked user no longer follows', async () => {
    // A client opening a profile asks for that one id's relationship and uses the first entry, so
    // the blocked user still gets one, saying blocked_by, as on Mastodon.
    const fromAlice = await relationshipTo(alice, bob);
    assert.equal(fromAlice.following, false);
    assert.equal(fromAlice.followedBy, false);
    assert.equal(fromAlice.blocking, false);
    assert.equal(fromAlice.blockedBy, true);
  });

  test('the blocked user cannot follow again', async () => {
    // Mastodon answers 403; a server that hides blockers entirely may answer 404.
    await rejectsWithStatus(alice.api.v1.accounts.$select(bob.id).follow(), [403, 404], 'following a blocker');
    const fromAlice = await relationshipTo(alice, bob);
    assert.equal(fromAlice.following, false);
    assert.equal(fromAlice.requested, false);
  });
});
