// A third-party web client (Elk, Phanpy, ...) on an origin of its own, which no operator listed:
// it shows a post's photos with crossorigin="anonymous", as such clients do, and reads the
// discovery documents before anyone signs in. What it can do without any configuration is what
// Graminsta opens to every origin (decision 0011): media and /.well-known. The post itself comes
// from the API, whose cross-origin rule is the operator's list (standalone.test.mjs covers that),
// so the harness fetches it here and hands it to the page.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { apiPost, apiRegister, ARTIFACTS, launch, makeJpeg, SERVER_URL, SLOW } from './support.mjs';

const CLIENT_PORT = 23950;
const CLIENT_ORIGIN = `http://127.0.0.1:${CLIENT_PORT}`;

/** The client's own host: one page, nothing of Graminsta's. */
async function startClientHost() {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><head><title>Another client</title></head><body><main></main></body></html>');
  });
  await new Promise((resolve) => server.listen(CLIENT_PORT, '127.0.0.1', resolve));
  return { close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Shows the post as a client would and says, for each image, whether it loaded and can be read. */
function showPost(status) {
  const load = (src, alt) =>
    new Promise((resolve) => {
      const image = new Image();
      image.crossOrigin = 'anonymous';
      image.alt = alt;
      image.onload = () => resolve(image);
      image.onerror = () => resolve(null);
      image.src = src;
      document.querySelector('article').append(image);
    });
  const readable = (image) => {
    const canvas = document.createElement('canvas');
    canvas.width = 2;
    canvas.height = 2;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0, 2, 2);
    try {
      context.getImageData(0, 0, 1, 1);
      return true;
    } catch {
      return false; // a tainted canvas: the image came without CORS
    }
  };
  return (async () => {
    const article = document.createElement('article');
    article.innerHTML = `<header></header><p></p>`;
    article.querySelector('header').textContent = status.account.acct;
    article.querySelector('p').textContent = status.content.replace(/<[^>]+>/g, '');
    document.querySelector('main').append(article);
    const images = [['avatar', status.account.avatar]];
    for (const media of status.media_attachments) {
      images.push(['preview', media.preview_url], ['original', media.url]);
    }
    const seen = [];
    for (const [name, src] of images) {
      const image = await load(src, name);
      seen.push({ name, src, loaded: Boolean(image), readable: image ? readable(image) : false,
        width: image?.naturalWidth ?? 0, height: image?.naturalHeight ?? 0 });
    }
    return seen;
  })();
}

/** Reads the discovery documents from the page, as a client does before sign-in. */
function discover(server) {
  return (async () => {
    const read = async (url) => {
      try {
        const response = await fetch(url);
        return { status: response.status, body: await response.text() };
      } catch (error) {
        return { status: 0, body: String(error) };
      }
    };
    const links = await read(`${server}/.well-known/nodeinfo`);
    const href = links.status === 200 ? JSON.parse(links.body).links[0].href : null;
    return {
      links,
      nodeinfo: href ? await read(href) : null,
      oauth: await read(`${server}/.well-known/oauth-authorization-server`),
      hostMeta: await read(`${server}/.well-known/host-meta`),
    };
  })();
}

describe('a third-party web client on another origin', { timeout: 5 * 60_000 }, () => {
  let host;
  let browser;
  let page;

  before(async () => {
    host = await startClientHost();
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 800, height: 900 } })).newPage();
    page.setDefaultTimeout(SLOW);
    await page.goto(CLIENT_ORIGIN);
  });

  after(async () => {
    await page?.screenshot({ path: `${ARTIFACTS}40-third-party-client.png` }).catch(() => {});
    await browser?.close();
    await host?.close();
  });

  for (const [shape, width, height] of [['landscape', 1600, 1000], ['portrait', 900, 1200]]) {
    test(`shows a ${shape} post's photos with crossorigin="anonymous", the preview in the photo's shape`, { timeout: 3 * SLOW }, async () => {
      const author = await apiRegister('thirdparty');
      const posted = await apiPost(author, await makeJpeg(page, { width, height }), `A ${shape} photo`);
      const status = await (await fetch(`${SERVER_URL}/api/v1/statuses/${posted.id}`)).json();

      const images = await page.evaluate(showPost, status);

      for (const image of images) {
        assert.ok(image.loaded, `${image.name} loads cross-origin: ${image.src}`);
        assert.ok(image.readable, `${image.name} comes with CORS, so a client may draw it on a canvas: ${image.src}`);
      }
      const small = status.media_attachments[0].meta.small;
      const preview = images.find((image) => image.name === 'preview');
      assert.deepEqual([preview.width, preview.height], [small.width, small.height], 'the preview is the size meta.small says');
      assert.ok(Math.abs(preview.width / preview.height - width / height) < 0.01, `the preview keeps the ${shape} shape`);
      assert.ok(preview.width * preview.height <= 231_000, 'the preview is about 230,400 pixels, as in Mastodon');
    });
  }

  test('reads NodeInfo, host-meta and the OAuth metadata before anyone signs in', async () => {
    const documents = await page.evaluate(discover, SERVER_URL);

    assert.equal(documents.links.status, 200, documents.links.body);
    assert.equal(documents.nodeinfo?.status, 200, documents.nodeinfo?.body);
    assert.equal(JSON.parse(documents.nodeinfo.body).software.name, 'graminsta');
    assert.equal(documents.oauth.status, 200, documents.oauth.body);
    assert.deepEqual(JSON.parse(documents.oauth.body).code_challenge_methods_supported, ['S256']);
    assert.equal(documents.hostMeta.status, 200, documents.hostMeta.body);
    assert.match(documents.hostMeta.body, /rel="lrdd"/);
  });
});
