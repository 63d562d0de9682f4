// What every client test shares: a masto.js client for the server under test, and the steps a
// client app takes to get an app, sign people up and look at relationships.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createOAuthAPIClient, createRestAPIClient, MastoHttpError } from 'masto';

export const SERVER_URL = process.env.GRAMINSTA_URL ?? 'http://127.0.0.1:8080';
export const SCOPES = 'read write follow';
export const OUT_OF_BAND = 'urn:ietf:wg:oauth:2.0:oob';
// Password hashing on a 2-core machine is slow on purpose; no single request should take this long.
export const REQUEST_TIMEOUT_MS = 30_000;

// masto.js reports an error reply that has no JSON body only as "unknown encoding", without the
// status or the endpoint. Mastodon always answers errors with {"error": ...}, so name any reply
// that breaks that rule.
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const response = await realFetch(input, init);
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok && !type.startsWith('application/json')) {
    const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
    const url = input instanceof Request ? input.url : String(input);
    console.error(`non-JSON error reply: ${method} ${url} -> ${response.status} (${type || 'no content type'})`);
  }
  return response;
};

export const oauth = createOAuthAPIClient({ url: SERVER_URL, timeout: REQUEST_TIMEOUT_MS });

export function client(accessToken) {
  return createRestAPIClient({ url: SERVER_URL, accessToken, timeout: REQUEST_TIMEOUT_MS });
}

export function randomSuffix() {
  return randomBytes(6).toString('hex');
}

/** Registers an OAuth app the way a client does on first launch. */
export async function createApp() {
  const app = await client().v1.apps.create({
    clientName: `graminsta-e2e-${randomSuffix()}`,
    redirectUris: OUT_OF_BAND,
    scopes: SCOPES,
  });
  assert.equal(typeof app.clientId, 'string', 'app has a client_id');
  assert.equal(typeof app.clientSecret, 'string', 'app has a client_secret');
  return app;
}

/** An app-level token: what a client holds before anyone has signed in (needed to register). */
export async function appToken(app) {
  const token = await oauth.token.create({
    grantType: 'client_credentials',
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    // Mastodon's docs send redirect_uri here too, and typed clients (masto's own types) do.
    redirectUri: OUT_OF_BAND,
    scope: SCOPES,
  });
  assert.equal(typeof token.accessToken, 'string');
  assert.equal(token.tokenType.toLowerCase(), 'bearer');
  return token.accessToken;
}

/**
 * Signs a new user up through the app token and returns their credentials and a client that acts
 * as them. Usernames are [a-z0-9_]{1,30}, as on Mastodon.
 */
export async function register(appClient, prefix) {
  const username = `${prefix}_${randomSuffix()}`.slice(0, 30);
  const email = `${username}@example.com`;
  const password = `Correct-Horse-${randomSuffix()}`;
  const token = await appClient.v1.accounts.create({
    username,
    email,
    password,
    agreement: true,
    locale: 'en',
  });
  assert.equal(typeof token.accessToken, 'string', 'registration returns the new user\'s token');
  const api = client(token.accessToken);
  const account = await api.v1.accounts.verifyCredentials();
  assert.equal(account.username, username);
  assert.equal(account.acct, username, 'a local account\'s acct is its bare username');
  assert.match(account.id, /^\d+$/, 'ids are strings of digits');
  return { username, email, password, token: token.accessToken, api, account, id: account.id };
}

export async function relationshipTo(user, other) {
  const relationships = await user.api.v1.accounts.relationships.fetch({ id: [other.id] });
  assert.equal(relationships.length, 1, `one relationship for account ${other.id}`);
  assert.equal(relationships[0].id, other.id);
  return relationships[0];
}

/** Asserts that a masto call fails with a Mastodon-style HTTP error whose status is one of `statuses`. */
export async function rejectsWithStatus(promise, statuses, message) {
  await assert.rejects(promise, (error) => {
    assert.ok(
      error instanceof MastoHttpError,
      `expected an HTTP error with a JSON {"error": ...} body, got ${error?.name}: ${error?.message}`,
    );
    assert.ok(statuses.includes(error.statusCode), `${message}: got status ${error.statusCode}`);
    assert.equal(typeof error.message, 'string');
    return true;
  }, message);
}

