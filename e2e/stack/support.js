// What the stack tests share: running ./graminsta stack in a folder and on ports of their own,
// and the few API steps (sign up, upload, post) they drive through the load balancer.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
export const PHOTO = readFileSync(join(ROOT, 'e2e', 'mastodon-client', 'fixtures', 'sunset.jpg'));
export const SCOPES = 'read write follow';

/**
 * A stack of its own: a temporary state folder and a port range no developer stack uses, so a
 * test neither meets nor disturbs `./graminsta stack up` on the same machine.
 */
export class Stack {
  constructor(basePort) {
    this.dir = mkdtempSync(join(tmpdir(), 'graminsta-stack-'));
    this.env = {
      ...process.env,
      GRAMINSTA_STACK_DIR: this.dir,
      GRAMINSTA_STACK_PORT: String(basePort),
      // The tests sign many people up from 127.0.0.1.
      GRAMINSTA_RATELIMITS_REGISTRATIONSPERIP_REQUESTS: '10000',
      GRAMINSTA_RATELIMITS_SIGNINSPERIP_REQUESTS: '10000',
      GRAMINSTA_RATELIMITS_APPREGISTRATIONSPERIP_REQUESTS: '10000',
      GRAMINSTA_RATELIMITS_UPLOADSPERACCOUNT_REQUESTS: '10000',
      GRAMINSTA_RATELIMITS_SIGNINSPERACCOUNT_REQUESTS: '10000',
      // Load sends thousands of requests with one token (16 workers on stage 6); Mastodon's 300
      // per 5 minutes would refuse them (decision 0018).
      GRAMINSTA_RATELIMITS_APIPERTOKEN_REQUESTS: '10000000',
    };
  }

  async command(...args) {
    try {
      const { stdout } = await run(join(ROOT, 'graminsta'), ['stack', ...args], {
        env: this.env, maxBuffer: 16 * 1024 * 1024, timeout: 600_000,
      });
      return stdout;
    } catch (error) {
      throw new Error(`./graminsta stack ${args.join(' ')} failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    }
  }

  async up(stage, instances) {
    await this.command('up', String(stage), ...(instances ? ['--instances', String(instances)] : []));
    return this.status();
  }

  async status() {
    return JSON.parse(await this.command('status', '--json'));
  }

  async component(name) {
    const found = (await this.status()).components.find((c) => c.name === name);
    assert.ok(found, `the stack has a ${name}`);
    return found;
  }

  log(name, file = 'log') {
    return readFileSync(join(this.dir, name, file), 'utf8');
  }

  async destroy() {
    try {
      await this.command('down', '--purge');
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

export function suffix() {
  return randomBytes(5).toString('hex');
}

/** An HTTP client for one base URL (the load balancer, or one instance). */
export class Api {
  constructor(baseUrl, token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  as(token) {
    return new Api(this.baseUrl, token);
  }

  async request(method, path, { json, form, headers = {}, timeoutMs = 30_000 } = {}) {
    const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' };
    if (this.token) init.headers.Authorization = `Bearer ${this.token}`;
    if (json !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(json);
    } else if (form !== undefined) {
      init.body = form;
    }
    const response = await fetch(this.baseUrl + path, init);
    const type = response.headers.get('content-type') ?? '';
    try {
      const body = type.includes('json') ? await response.json() : await response.text();
      return { status: response.status, headers: response.headers, body };
    } catch (error) {
      // The answer began but was cut off: what a client sees when the server dies mid-response.
      error.cutAfterStatus = response.status;
      throw error;
    }
  }

  get(path, options) { return this.request('GET', path, options); }
  post(path, options) { return this.request('POST', path, options); }
}

export async function ok(responsePromise, expected = [200]) {
  const response = await responsePromise;
  assert.ok(expected.includes(response.status), `expected ${expected}, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A new account, signed up the way a client app does, with a token for it. */
export async function signUp(api, prefix = 'user') {
  const app = await ok(api.post('/api/v1/apps', {
    json: { client_name: `stack-${suffix()}`, redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: SCOPES },
  }));
  const appToken = await ok(api.post('/oauth/token', {
    json: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: SCOPES },
  }));
  const username = `${prefix}_${suffix()}`;
  const password = `Correct-Horse-${suffix()}`;
  const user = await ok(api.as(appToken.access_token).post('/api/v1/accounts', {
    json: { username, email: `${username}@example.com`, password, agreement: true, locale: 'en' },
  }));
  return { username, password, app, token: user.access_token, api: api.as(user.access_token) };
}

/** Uploads the sample photo through the API and waits until its variants exist. */
export async function uploadPhoto(api, description = 'A sunset') {
  const form = new FormData();
  form.append('file', new Blob([PHOTO], { type: 'image/jpeg' }), 'sunset.jpg');
  form.append('description', description);
  const media = await ok(api.post('/api/v2/media', { form }), [200, 202]);
  return waitProcessed(api, media.id);
}

export async function waitProcessed(api, id, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await api.get(`/api/v1/media/${id}`);
    if (response.status === 200 && response.body.url) return response.body;
    assert.ok([200, 206].includes(response.status), `media ${id}: ${response.status} ${JSON.stringify(response.body)}`);
    assert.ok(Date.now() < deadline, `media ${id} was not processed within ${timeoutMs} ms`);
    await sleep(250);
  }
}

export async function postPhoto(api, caption) {
  const media = await uploadPhoto(api);
  return ok(api.post('/api/v1/statuses', { json: { status: caption, media_ids: [media.id], visibility: 'public' } }));
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Keeps every core of the machine busy, as other work on a shared host does, so that the
 * instances, nginx and the kernel answer late and rare races get their chance. One spinning
 * process per core, each ending by itself after `seconds` even if the test never calls stop().
 */
export function busyMachine(seconds) {
  const until = Date.now() + seconds * 1000;
  const spinners = Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ['-e', `while (Date.now() < ${until}) {}`], { stdio: 'ignore' }));
  return {
    stop() {
      for (const spinner of spinners) if (spinner.exitCode === null) spinner.kill('SIGKILL');
    },
  };
}

/**
 * Watches the instances' readiness (on their own ports, a new connection each time, so the watch
 * holds no connection open that a draining instance would wait for) and calls
 * `onDrain(index, gone)` the moment a ready instance stops being ready: SIGTERM, a restart, a
 * kill. `gone` resolves once that instance refuses connections (its socket closed), or after
 * `goneWithinMs`. Returns stop().
 */
export function watchDrains(urls, onDrain, { everyMs = 100, goneWithinMs = 20_000 } = {}) {
  let watching = true;
  const wasReady = urls.map(() => false);
  const loops = urls.map(async (url, index) => {
    while (watching) {
      const state = await readiness(url);
      if (wasReady[index] && (state === 'not-ready' || state === 'down')) {
        wasReady[index] = false;
        onDrain(index, waitFor(url, 'down', goneWithinMs, () => watching));
      } else if (state === 'ready') {
        wasReady[index] = true;
      }
      await sleep(everyMs);
    }
  });
  return {
    async stop() {
      watching = false;
      await Promise.all(loops);
    },
  };
}

async function waitFor(url, wanted, timeoutMs, going) {
  const deadline = Date.now() + timeoutMs;
  while (going() && Date.now() < deadline && (await readiness(url)) !== wanted) await sleep(50);
}

/**
 * 'ready', 'not-ready' (503: starting or draining), 'down' (refuses connections) or 'slow' (no
 * answer within 5 s, which a busy machine can cause: says nothing).
 */
function readiness(url) {
  return new Promise((resolve) => {
    const target = new URL('/actuator/health/readiness', url);
    const req = request(target, { agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? 'ready' : 'not-ready');
    });
    req.on('timeout', () => {
      resolve('slow');
      req.destroy();
    });
    req.on('error', () => resolve('down'));
    req.end();
  });
}

export const STACK_LOCK = '/tmp/graminsta-stack.lock';

/**
 * Holds the stack lock (the helpers' rule for anything that starts a stack) until release():
 * at most `seconds`, even if the test dies. Nothing to take when a process this one runs under
 * holds it already (`flock /tmp/graminsta-stack.lock ./graminsta test stack`).
 */
export async function stackLock(seconds = 600) {
  if (heldByAncestor(STACK_LOCK)) return { release() {} };
  // -F: flock becomes the shell, then sleep, which keeps the lock; killing it lets go.
  const holder = spawn('flock', ['-F', STACK_LOCK, 'sh', '-c', `echo locked; exec sleep ${seconds}`],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    holder.stdout.once('data', resolve);
    holder.once('exit', (code) => reject(new Error(`flock ${STACK_LOCK} exited with ${code}`)));
  });
  return { release() { holder.kill('SIGKILL'); } };
}

function heldByAncestor(file) {
  for (let pid = process.ppid; pid > 1;) {
    try {
      const fds = readdirSync(`/proc/${pid}/fd`);
      if (fds.some((fd) => { try { return readlinkSync(`/proc/${pid}/fd/${fd}`) === file; } catch { return false; } })) return true;
      pid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * A WebSocket client, enough for the streaming API (Node 20 has no WebSocket without a flag, and
 * this suite has no dependencies): the handshake, the server's text frames as parsed JSON in
 * `events`, answers to pings, and how the connection ended. It sends no messages: the stream is
 * chosen in the URL (?stream=public&access_token=...), as Mastodon allows.
 */
export function openWebSocket(url, { timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      agent: false,
      timeout: timeoutMs,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        'Sec-WebSocket-Version': '13',
      },
    });
    req.on('upgrade', (res, socket, head) => resolve(new WebSocketConnection(socket, head)));
    req.on('response', (res) => {
      res.resume();
      reject(new Error(`${url}: no WebSocket handshake, HTTP ${res.statusCode}`));
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no WebSocket handshake within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

class WebSocketConnection {
  constructor(socket, head) {
    this.socket = socket;
    this.events = [];
    this.buffer = Buffer.alloc(0);
    this.fragments = [];
    this.closed = new Promise((resolve) => {
      socket.on('close', () => resolve({ code: this.closeCode ?? null }));
    });
    socket.on('error', () => {});
    socket.on('data', (data) => this.receive(data));
    if (head.length) this.receive(head);
  }

  receive(data) {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (let frame; (frame = this.nextFrame());) {
      if (frame.opcode === 0x9) this.send(0xA, frame.payload);
      if (frame.opcode === 0x8) this.closeCode = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005;
      if (frame.opcode === 0x1 || frame.opcode === 0x0) {
        this.fragments.push(frame.payload);
        if (frame.fin) {
          this.events.push(JSON.parse(Buffer.concat(this.fragments).toString('utf8')));
          this.fragments = [];
        }
      }
    }
  }

  /** One whole frame from the buffer, or undefined. The server's frames are not masked. */
  nextFrame() {
    const b = this.buffer;
    if (b.length < 2) return undefined;
    let length = b[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return undefined;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return undefined;
      length = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    if (b.length < offset + length) return undefined;
    this.buffer = b.subarray(offset + length);
    return { fin: (b[0] & 0x80) !== 0, opcode: b[0] & 0x0f, payload: b.subarray(offset, offset + length) };
  }

  /** A client frame (always masked), short payloads only: pongs and the close. */
  send(opcode, payload = Buffer.alloc(0)) {
    const mask = randomBytes(4);
    const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
    this.socket.write(Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | masked.length]), mask, masked]));
  }

  /** The first event (removed from `events`) that matches, waiting up to timeoutMs for it. */
  async next(matches, what, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.events.findIndex(matches);
      if (index >= 0) return this.events.splice(index, 1)[0];
      assert.ok(Date.now() < deadline, `no ${what} within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.event))}`);
      await sleep(50);
    }
  }

  close() {
    if (!this.socket.destroyed) {
      this.send(0x8, Buffer.from([0x03, 0xe8]));
      this.socket.end();
    }
    return this.closed;
  }
}
