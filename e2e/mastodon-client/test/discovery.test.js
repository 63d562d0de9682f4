// What a web client learns before anyone signs in: NodeInfo (which software, which API) and the
// OAuth server's metadata (RFC 8414), read through oauth4webapi as browser clients do, then used.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as oauth from 'oauth4webapi';
import { client, createApp, OUT_OF_BAND, SCOPES, SERVER_URL } from '../support.js';

const OTHER_ORIGIN = { Origin: 'https://client.example' };

async function json(url, headers = {}) {
  const response = await fetch(url, { headers: { Accept: 'application/json', ...headers } });
  assert.equal(response.status, 200, url);
  return { response, body: await response.json() };
}

describe('NodeInfo', () => {
  test('the well-known document links NodeInfo 2.0, which names the software and the API it follows', async () => {
    const { response, body: links } = await json(`${SERVER_URL}/.well-known/nodeinfo`, OTHER_ORIGIN);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    const link = links.links.find((candidate) => candidate.rel === 'http://nodeinfo.diaspora.software/ns/schema/2.0');
    assert.ok(link, 'a NodeInfo 2.0 link');

    const { response: document, body: nodeinfo } = await json(link.href, OTHER_ORIGIN);
    assert.equal(document.headers.get('access-control-allow-origin'), '*');
    assert.equal(document.headers.get('access-control-allow-credentials'), null);
    assert.equal(nodeinfo.version, '2.0');
    assert.equal(nodeinfo.software.name, 'graminsta');
    assert.match(nodeinfo.software.version, /^\d+\.\d+\.\d+/);
    for (const count of [nodeinfo.usage.users.total, nodeinfo.usage.users.activeMonth, nodeinfo.usage.users.activeHalfyear,
      nodeinfo.usage.localPosts]) {
      assert.ok(Number.isInteger(count) && count >= 0, `${count} is a count`);
    }
    assert.equal(typeof nodeinfo.openRegistrations, 'boolean');
    // What megalodon's detector reads to take a server that is not Mastodon for one.
    assert.equal(nodeinfo.metadata.upstream.name, 'mastodon');
  });

  test('agrees with the instance endpoint masto.js reads', async () => {
    const { body: nodeinfo } = await json(`${SERVER_URL}/nodeinfo/2.0`);
    const instance = await client().v2.instance.fetch();
    assert.ok(instance.version.startsWith(nodeinfo.metadata.upstream.version), instance.version);
    assert.match(instance.version, new RegExp(`Graminsta ${nodeinfo.software.version.replaceAll('.', '\\.')}`));
  });
});

describe('OAuth authorization server metadata (RFC 8414)', () => {
  const issuer = new URL(SERVER_URL);
  // The test server speaks plain HTTP on loopback; in production the issuer is https.
  const insecure = { [oauth.allowInsecureRequests]: true };

  async function discover() {
    return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  }

  test('oauth4webapi discovers the server, whose issuer is the URL it started from, and PKCE S256', async () => {
    const as = await discover();
    assert.equal(as.issuer, issuer.href);
    assert.deepEqual(as.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(as.response_types_supported, ['code']);
    assert.ok(as.grant_types_supported.includes('authorization_code'));
    for (const scope of SCOPES.split(' ')) {
      assert.ok(as.scopes_supported.includes(scope), scope);
    }
  });

  test('its token endpoint issues a token to a registered app, through oauth4webapi', async () => {
    const as = await discover();
    const app = await createApp();
    const oauthClient = { client_id: app.clientId };
    const response = await oauth.clientCredentialsGrantRequest(as, oauthClient, oauth.ClientSecretPost(app.clientSecret),
      new URLSearchParams({ scope: 'read' }), insecure);
    const token = await oauth.processClientCredentialsResponse(as, oauthClient, response);
    assert.equal(token.token_type.toLowerCase(), 'bearer');
    const credentials = await fetch(`${SERVER_URL}/api/v1/apps/verify_credentials`, {
      headers: { Authorization: `Bearer ${token.access_token}` },
    });
    assert.equal(credentials.status, 200);
  });

  test('its authorization endpoint takes a PKCE S256 request and shows the sign-in page', async () => {
    const as = await discover();
    const app = await createApp();
    const verifier = oauth.generateRandomCodeVerifier();
    const url = new URL(as.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: OUT_OF_BAND,
      scope: SCOPES,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /^text\/html/);
  });

  test('any origin may read it, without credentials', async () => {
    const { response } = await json(`${SERVER_URL}/.well-known/oauth-authorization-server`, OTHER_ORIGIN);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
  });
});
